"""Report wording a reader notices: titles, the revenue sentence, the 签章栏."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from jixiao.formats.submission_file import load_submission
from jixiao.pipeline import evaluate, load, render
from jixiao.render.build import project_report_name
from jixiao.render.document import Table

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiangjiang-justice-2023.yaml"


def _data() -> dict[str, Any]:
    loaded = load_submission(EXAMPLE).submission
    assert loaded is not None
    return loaded.model_dump(mode="json", exclude_defaults=True)


def _html(data: dict[str, Any], *, redacted: bool = False) -> list[str]:
    rendered = render(evaluate(load(data)), ("html",), redacted=redacted)
    assert not rendered.refused, [p.message for p in rendered.problems]
    return [f.content.decode() for f in rendered.files]


def test_a_project_named_xiangmu_is_not_doubled() -> None:
    assert project_report_name("法律援助项目") == "法律援助项目支出绩效自评报告"
    assert project_report_name("普法宣传经费") == "普法宣传经费项目支出绩效自评报告"
    data = _data()
    data["projects"][0]["name"] = "法律援助项目"
    pages = _html(data)
    assert not any("项目项目" in page for page in pages)


def test_the_revenue_sentence_says_the_year_once() -> None:
    department = _html(_data())[0]
    assert "2023年度总收入为2680.50万元" in department
    assert "年度本年" not in department


def test_every_report_ends_with_a_signature_block() -> None:
    data = _data()
    data["report"] = {**data.get("report", {}), "signer": "张局长", "date": "2024年3月15日"}
    data["unit"]["contact"] = "李会计"
    data["unit"]["phone"] = "0737-1234567"
    pages = _html(data)
    for page in pages:
        block = page[page.rindex("报告单位签章") :]
        for text in (
            "单位负责人（签字）",
            "张局长",
            "填报人",
            "李会计",
            "0737-1234567",
            "日期",
            "2024年3月15日",
            "单位（盖章）",
        ):
            assert text in block, text
    public = _html(data, redacted=True)[0]
    block = public[public.rindex("报告单位签章") :]
    assert "张局长" in block and "李会计" not in block and "0737-1234567" not in block


def test_an_unfilled_signature_block_leaves_room_to_sign() -> None:
    from jixiao.core.validation import build_submission
    from jixiao.render.build import SIGNATURE_BLANK, signature_block

    data = copy.deepcopy(_data())
    data["unit"].pop("contact", None)
    model, _ = build_submission(data)
    assert model is not None
    table = signature_block(model, redacted=False)
    assert isinstance(table, Table)
    cells = {row[0].text: row[1].text for row in table.rows}
    assert cells["单位负责人（签字）"] == SIGNATURE_BLANK
    assert cells["单位（盖章）"] == SIGNATURE_BLANK


def test_the_signature_block_has_room_to_sign_and_stamp_in_word() -> None:
    """Rows high enough to sign (18 mm) and for a seal (45 mm), body-size text, one page."""
    import io

    from docx import Document as open_docx
    from docx.shared import Mm

    rendered = render(evaluate(load(_data())), ("docx",))
    assert not rendered.refused
    doc = open_docx(io.BytesIO(rendered.files[0].content))
    [table] = [t for t in doc.tables if t.cell(0, 0).text == "单位负责人（签字）"]
    heights = {row.cells[0].text: round(row.height.mm) for row in table.rows if row.height}
    assert len(heights) == len(table.rows)  # Word stores twips: whole millimetres compare
    assert heights["单位负责人（签字）"] >= 18
    assert heights["单位（盖章）"] >= 45
    assert min(heights.values()) >= 12
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert table.cell(0, 0).paragraphs[0].style.font.size.pt >= 14
    assert table.cell(0, 0).width >= Mm(60)  # the label 单位负责人（签字） on one line
