"""Charts in Word: PNG pictures drawn with Pillow, or the data table without a CJK font."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from docx import Document as open_docx
from docx.enum.shape import WD_INLINE_SHAPE
from docx.shared import Mm
from PIL import Image
from tests.conftest import EXAMPLES
from tests.render.reports import report_files

from jixiao.render import png
from jixiao.render.document import Chart

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from docx.document import Document as DocxDocument

CONSISTENT = EXAMPLES / "xiangjiang-justice-2023.yaml"
DEPARTMENT = "xiangjiang-justice-2023-department.docx"
needs_cjk = pytest.mark.skipif(png.cjk_font() is None, reason="no CJK font installed")


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts")
    assert not report_files(CONSISTENT, out, ("docx",)).refused
    return out


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(png, "FONT_CANDIDATES", (("/nonexistent/font.ttc", 0),))
    monkeypatch.delenv("JIXIAO_CJK_FONT", raising=False)
    png.cjk_font.cache_clear()
    yield
    monkeypatch.undo()
    png.cjk_font.cache_clear()


def _pictures(doc: DocxDocument) -> list[bytes]:
    blobs = []
    for shape in doc.inline_shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        blobs.append(doc.part.related_parts[rid].blob)
    return blobs


@needs_cjk
def test_department_has_three_png_charts_with_captions(outdir: Path) -> None:
    doc = open_docx(str(outdir / DEPARTMENT))
    shapes = list(doc.inline_shapes)
    assert len(shapes) == 3
    for shape in shapes:
        assert shape.type == WD_INLINE_SHAPE.PICTURE
        assert 0 < shape.width <= Mm(156) and shape.height > 0
    blobs = _pictures(doc)
    assert all(b.startswith(b"\x89PNG\r\n\x1a\n") for b in blobs)
    texts = [p.text for p in doc.paragraphs]
    for caption in ("支出按经济分类", "各项目预算与执行", "各一级指标得分"):
        assert caption in texts
    # The chart data no longer appears as a table (only the real tables remain).
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "支出（万元）" not in cells and "得分（分）" not in cells


@needs_cjk
def test_project_report_has_its_levels_chart(outdir: Path) -> None:
    doc = open_docx(str(outdir / "xiangjiang-justice-2023-project-01.docx"))
    assert len(doc.inline_shapes) == 1


@needs_cjk
def test_chart_png_size_and_not_blank(outdir: Path) -> None:
    blob = _pictures(open_docx(str(outdir / DEPARTMENT)))[1]  # 各项目预算与执行
    image = Image.open(io.BytesIO(blob))
    assert image.format == "PNG"
    chart = Chart(
        "各项目预算与执行",
        ("a", "b", "c", "d"),
        (("全年预算数", (Decimal(1),) * 4), ("全年执行数", (Decimal(1),) * 4)),
        "万元",
    )
    assert image.size == png.chart_size(chart)
    assert image.size[0] == png.WIDTH
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 10  # bars, text, grid: not a blank page


@needs_cjk
def test_values_two_decimals_axis_from_zero() -> None:
    assert png._axis_max(Decimal("235")) == (Decimal(250), Decimal(50))
    assert png._axis_max(Decimal("1500.10")) == (Decimal(2000), Decimal(500))
    assert png._axis_max(Decimal(0)) == (Decimal(1), Decimal("0.2"))
    chart = Chart("t", ("零",), (("支出", (Decimal(0),)),), "万元")
    blob = png.chart_png(chart)
    assert blob is not None and Image.open(io.BytesIO(blob)).size == png.chart_size(chart)


def test_without_cjk_font_the_chart_is_a_table(no_cjk_font: None, tmp_path: Path) -> None:
    assert png.chart_png(Chart("t", ("a",), (("s", (Decimal(1),)),), "万元")) is None
    assert not report_files(CONSISTENT, tmp_path, ("docx",)).refused
    doc = open_docx(str(tmp_path / DEPARTMENT))
    assert len(doc.inline_shapes) == 0
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "支出（万元）" in cells and "1500.10" in cells
