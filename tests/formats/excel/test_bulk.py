"""Table rows written straight into the sheet XML (`formats/excel/bulk.py`).

What must hold besides the round trip: each row's shared formula means what the
template's per-row formula says, the check panel beside 支出经济分类 survives being moved
into the streamed rows, and an indicator row stays small enough that the most rows the
importer reads (`layout.TABLE_ROWS`) fit in one zip entry it accepts.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import openpyxl

from jixiao.core.model import Submission
from jixiao.formats.excel import TemplateChecks, export_submission, import_workbook, layout
from jixiao.formats.excel.safety import MAX_ENTRY_BYTES
from jixiao.formats.excel.template import SPARE_ROWS, _computed

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.core.checks import CheckOptions


def _submission(projects: int) -> Submission:
    indicator = {
        "level1": "产出指标",
        "level2": "数量指标",
        "unit": "件",
        "target": {"comparator": ">=", "value": "100"},
        "actual": "98",
        "weight": "5",
        "stated_score": "4.9",
        "deviation_reason": "受疫情影响，部分培训延期。",
    }
    return Submission.model_validate(
        {
            "fiscal_year": 2023,
            "unit": {"name": "测试局"},
            "finance": {"expenditure": {"by_economic_class": [{"code": "301", "amount": "5"}]}},
            "projects": [
                {
                    "name": f"项目{p}",
                    "code": f"P{p:05d}",
                    "budget": {"initial": "50.00", "full_year": "52.50", "executed": "51.25"},
                    "funding": [{"source": "当年财政拨款", "full_year": "52.50"}],
                    "indicators": [{**indicator, "name": f"指标{p}-{i}"} for i in range(10)],
                }
                for p in range(projects)
            ],
        }
    )


def _part(path: Path, sheet: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(sheet) + 1
    book.close()
    return f"xl/worksheets/sheet{index}.xml"


def test_every_rows_formula_is_the_templates_own(tmp_path: Path, options: CheckOptions) -> None:
    path = tmp_path / "t.xlsx"
    checks = TemplateChecks.of(options)
    export_submission(_submission(3), path, options.economic_classes, checks)
    book = openpyxl.load_workbook(path)
    for sheet in (layout.PROJECTS, layout.INDICATORS, layout.FUNDING):
        ws = book[sheet.name]
        offset = 1 if sheet.owner else 0
        last = ws.max_row
        assert last > SPARE_ROWS + 3
        for i, column in enumerate(sheet.columns):
            if not column.computed:
                continue
            for r in range(2, last + 1):
                expected = _computed(sheet, column, r, checks, layout.PROJECTS)
                assert ws.cell(row=r, column=i + 1 + offset).value == (expected or None), (
                    sheet.name,
                    r,
                )


def test_the_check_panel_beside_the_classes_is_kept(tmp_path: Path, options: CheckOptions) -> None:
    path = tmp_path / "t.xlsx"
    export_submission(_submission(1), path, options.economic_classes)
    ws = openpyxl.load_workbook(path)[layout.ECONOMIC.name]
    assert [ws.cell(row=r, column=6).value for r in range(2, 5)] == [
        "全部支出",
        "基本支出",
        "项目支出",
    ]
    assert str(ws["G2"].value).startswith("=IF(SUMPRODUCT(")
    assert ws["A2"].value == "全部支出" and ws["B2"].value == "301" and ws["D2"].value == 5
    assert ws["I2"].style == "jixiao 自动核对"


def test_strings_are_shared_and_rows_stay_small(tmp_path: Path, options: CheckOptions) -> None:
    path = tmp_path / "t.xlsx"
    submission = _submission(60)
    export_submission(submission, path, options.economic_classes)
    part = _part(path, layout.INDICATORS.name)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(part)
        assert "xl/sharedStrings.xml" in archive.namelist()
    assert xml.count(b"inlineStr") == len(layout.INDICATORS.headers())  # the header row only
    assert xml.count(b'<f t="shared"') == 2 * (600 + SPARE_ROWS)  # two computed columns
    per_row = (xml.index(b'<row r="602"') - xml.index(b'<row r="2"')) / 600
    assert per_row * layout.TABLE_ROWS < MAX_ENTRY_BYTES, per_row
    assert import_workbook(path).submission == submission
