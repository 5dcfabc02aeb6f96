"""The generated Word files: outline, figures, 自评表 cells, page setup, fonts, copies."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from tests.conftest import EXAMPLES
from tests.render.reports import report_files

CONSISTENT = EXAMPLES / "xiangjiang-justice-2023.yaml"
WITH_ERRORS = EXAMPLES / "yiyang-justice-2022.yaml"


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    result = report_files(CONSISTENT, out, ("docx", "html"))
    assert not result.refused
    return out


def _open(path: Path) -> DocxDocument:
    return open_docx(str(path))


def _text(doc: DocxDocument) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _cells(doc: DocxDocument) -> list[str]:
    return [cell.text for table in doc.tables for row in table.rows for cell in row.cells]


def _east_asia(run_or_style: object) -> str | None:
    rpr = run_or_style.element.rPr  # type: ignore[attr-defined]
    return None if rpr is None or rpr.rFonts is None else rpr.rFonts.get(qn("w:eastAsia"))


def test_department_outline_in_order(outdir: Path) -> None:
    doc = _open(outdir / "xiangjiang-justice-2023-department.docx")
    level1 = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert level1 == [
        "一、部门（单位）基本情况",
        "二、一般公共预算支出情况",
        "三、政府性基金预算支出情况",
        "四、国有资本经营预算支出情况",
        "五、社会保险基金预算支出情况",
        "六、部门整体支出绩效情况",
        "七、存在的问题及下一步改进措施",
        "八、部门整体支出绩效自评结果拟应用和公开情况",
    ]
    level2 = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2"]
    assert level2[:2] == ["（一）基本支出", "（二）项目支出"]


def test_department_sentences_come_from_the_data(outdir: Path) -> None:
    text = _text(_open(outdir / "xiangjiang-justice-2023-department.docx"))
    assert "2023年度总收入为2680.50万元" in text
    assert "一般公共预算财政拨款2610.30万元，占97.38%" in text  # 2610.30 / 2680.50
    assert "其中基本支出1980.40万元，占74.72%" in text  # 1980.40 / 2650.40
    assert "预算执行率98.16%" in text  # 2650.40 / 2700.00
    assert "本年度无政府性基金预算支出。" in text
    assert "综合得分90.73分，等级为“优”" in text


def test_project_outline_and_form(outdir: Path) -> None:
    doc = _open(outdir / "xiangjiang-justice-2023-project-02.docx")
    level1 = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert [h[:2] for h in level1] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert level1[2] == "三、综合评价结论"
    form = doc.tables[-1]
    rows = [[c.text for c in row.cells] for row in form.rows]
    assert rows[0][0] == "项目名称" and rows[0][2] == "普法宣传经费"
    total = next(r for r in rows if r[1] == "年度资金总额")
    assert total[2:8] == ["60.00", "60.00", "58.20", "10", "97.00%", "9.70"]
    indicator = next(r for r in rows if r[2] == "发放普法宣传资料")
    assert indicator[:7] == [
        "产出指标",
        "数量指标",
        "发放普法宣传资料",
        "≥200000份",
        "180000份",
        "15",
        "13.50",
    ]
    assert indicator[7].startswith("部分宣传资料改为")
    assert rows[-1][0] == "总分" and rows[-1][5:7] == ["100", "98.20"]


def test_amount_cells_right_aligned(outdir: Path) -> None:
    doc = _open(outdir / "xiangjiang-justice-2023-project-01.docx")
    row = next(r for r in doc.tables[-1].rows if r.cells[0].text == "年度资金总额")
    assert row.cells[3].text == "235.00"
    assert row.cells[3].paragraphs[0].alignment == 2  # WD_ALIGN_PARAGRAPH.RIGHT


def test_page_setup_and_fonts(outdir: Path) -> None:
    doc = _open(outdir / "xiangjiang-justice-2023-department.docx")
    section = doc.sections[0]
    measures = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(m.mm, 1) for m in measures if m is not None] == [210, 297, 37, 35, 28, 26]
    title_run = doc.paragraphs[0].runs[0]
    assert _east_asia(title_run) == "方正小标宋简体" and title_run.font.size == Pt(22)
    assert doc.paragraphs[0].alignment == 1  # centred
    normal = doc.styles["Normal"]
    assert _east_asia(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)
    assert Pt(28) <= normal.paragraph_format.line_spacing <= Pt(29)
    assert _east_asia(doc.styles["Heading 1"]) == "黑体"
    assert _east_asia(doc.styles["Heading 2"]) == "楷体_GB2312"
    footer = section.footer._element.xml
    assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text
    assert "草稿" not in section.header._element.xml


def test_html_is_self_contained_and_escaped(outdir: Path) -> None:
    page = (outdir / "xiangjiang-justice-2023-department.html").read_text(encoding="utf-8")
    assert "<svg" in page and "2680.50" in page
    assert "http://" not in page.split("<main>")[0]  # no external stylesheet or script
    assert "<script" not in page and "<link" not in page


def test_refused_without_draft(tmp_path: Path) -> None:
    result = report_files(WITH_ERRORS, tmp_path)
    assert result.refused and not result.files
    assert result.problems[0].code == "render.refused"
    assert not list(tmp_path.iterdir())


def test_public_draft_hides_classified_project(tmp_path: Path) -> None:
    internal = report_files(WITH_ERRORS, tmp_path / "in", ("docx", "html"), draft=True)
    public = report_files(
        WITH_ERRORS, tmp_path / "pub", ("docx", "html"), redacted=True, draft=True
    )
    assert internal.problems[0].code == "render.draft"
    inside = _open(tmp_path / "in" / "yiyang-justice-2022-department.docx")
    assert "涉密资金" in _text(inside) + "".join(_cells(inside))
    outside = _open(tmp_path / "pub" / "yiyang-justice-2022-public-department.docx")
    everything = _text(outside) + "".join(_cells(outside))
    assert "涉密资金" not in everything
    assert "含涉密项目支出，按规定不予公开" in everything
    assert len(public.files) == len(internal.files) - 2  # its docx and html
    html = (tmp_path / "pub" / "yiyang-justice-2022-public-department.html").read_text(
        encoding="utf-8"
    )
    assert "涉密资金" not in html and 'class="draft"' in html
    assert "草稿" in outside.sections[0].header.paragraphs[0].text
    assert "附：数据检查问题清单" in _text(outside)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_pdf_page_one_renders(tmp_path: Path) -> None:
    result = report_files(CONSISTENT, tmp_path, ("pdf",))
    pdf = tmp_path / "xiangjiang-justice-2023-department.pdf"
    assert pdf.name in {f.name for f in result.files} and not list(tmp_path.glob("*.docx"))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
