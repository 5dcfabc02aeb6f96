"""The streamed import gives what the whole-grid import gave: model, problems, cells.

The oracle is tests/formats/excel/legacy_import.py (the import before rows were
streamed). Compared on the examples, on a workbook filled the messy way people fill it
(merged ranges, hidden rows, text numbers, bad references, a long blank gap), on
workbooks of generated cell values, and on a few thousand indicator rows.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLES
from tests.formats.excel.legacy_import import legacy_import

from jixiao.core.checks import CheckOptions
from jixiao.formats.excel import export_submission, import_workbook, write_template
from jixiao.formats.excel.importer import Imported
from jixiao.formats.excel.layout import Kind
from jixiao.formats.excel.values import SLOW, CellError, fast_reader, from_float, read_cell
from jixiao.formats.submission_file import load_submission


def _same(path: Path, backend: str = "calamine") -> Imported:
    streamed = import_workbook(path, backend=backend)
    whole = legacy_import(path, backend=backend)
    assert streamed.submission == whole.submission
    assert streamed.problems == whole.problems
    assert dict(streamed.cells) == whole.cells
    assert len(streamed.cells) == len(whole.cells)
    return streamed


@pytest.mark.parametrize("name", ["yiyang-justice-2022.yaml", "xiangjiang-justice-2023.yaml"])
@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_examples_import_as_before(
    tmp_path: Path, options: CheckOptions, name: str, backend: str
) -> None:
    submission = load_submission(EXAMPLES / name).submission
    assert submission is not None
    path = tmp_path / "example.xlsx"
    export_submission(submission, path, options.economic_classes)
    imported = _same(path, backend)
    assert imported.submission == submission


def _messy(tmp_path: Path, options: CheckOptions) -> Path:
    submission = load_submission(EXAMPLES / "xiangjiang-justice-2023.yaml").submission
    assert submission is not None
    path = tmp_path / "messy.xlsx"
    export_submission(submission, path, options.economic_classes)
    book = openpyxl.load_workbook(path)
    projects = book["项目"]
    projects["J2"] = "１２３万元"  # text read as a number, with a hint
    projects["K2"] = "十万"  # not a number
    projects["F2"] = "也许"  # not 是/否
    projects.cell(row=projects.max_row + 1, column=1, value=1)  # a repeated 项目序号
    projects.cell(row=projects.max_row, column=2, value="重复的项目")
    indicators = book["绩效指标"]
    last = indicators.max_row
    indicators.cell(row=last + 1, column=1, value=99)  # no such project
    indicators.cell(row=last + 1, column=3, value="产出指标")
    indicators.cell(row=last + 2, column=3, value="产出指标")  # a department indicator
    indicators.cell(row=last + 2, column=5, value="合并的指标")
    indicators.cell(row=last + 2, column=7, value="大于")
    indicators.merge_cells(f"C{last + 2}:C{last + 4}")  # fills the rows below
    indicators.cell(row=last + 3, column=5, value="第二行")
    indicators.row_dimensions[3].hidden = True
    indicators.cell(row=last + 600, column=5, value="空行之后")  # after a blank gap
    indicators.cell(row=1, column=20, value="自己加的列")  # an unknown header
    funding = book["项目资金来源"]
    funding.cell(row=funding.max_row + 1, column=1, value="")  # a blank owner
    funding.cell(row=funding.max_row, column=3, value="其他资金")
    unit = book["单位信息"]
    unit.merge_cells("B3:C3")
    book.save(path)
    return path


@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_messy_workbook_imports_as_before(
    tmp_path: Path, options: CheckOptions, backend: str
) -> None:
    imported = _same(_messy(tmp_path, options), backend)
    codes = {p.code for p in imported.problems}
    expected = {"excel.not-a-number", "excel.number-interpreted", "excel.invalid-choice"}
    assert expected | {"excel.duplicate-key", "excel.bad-reference", "excel.merged-cells"} <= codes
    assert {"excel.hidden-rows", "excel.unknown-header"} <= codes


_CELL_TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=6
)
_VALUES = st.one_of(
    st.none(),
    _CELL_TEXT,
    st.sampled_from(["  ", "是", "否", "≥", "定性", "优", "1", "2", "1,234.50", "１２３万元"]),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.decimals(min_value=-1000, max_value=1000, places=2).map(float),
    st.booleans(),
)
_ROWS = st.lists(st.lists(_VALUES, min_size=1, max_size=16), max_size=8)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, options: CheckOptions) -> bytes:
    """The empty template every generated workbook starts from, written once per module.

    `write_template` with the same arguments gives the same workbook every time, and
    writing it was about a quarter of each example's CPU; each example still loads,
    fills and saves its own copy.
    """
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path, options.economic_classes, year=2023, unit="某局")
    return path.read_bytes()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects=_ROWS, indicators=_ROWS, funding=_ROWS, gap=st.integers(0, 3))
@example(  # 0 then -0.0 as 项目序号: equal keys that read differently ("0" vs "-0")
    projects=[[None] * 7, [0, "甲"]],
    indicators=[],
    funding=[[0, None], [None], [-0.0]],
    gap=0,
)
@example(  # an unreadable 指标值 of a ≥ target: its target's own problem is a repeat
    projects=[],
    indicators=[[None, None, None, None, None, None, "≥", "èlĦĔľH"]],
    funding=[],
    gap=0,
)
def test_generated_cells_import_as_before(
    template: bytes,
    projects: list[list[Any]],
    indicators: list[list[Any]],
    funding: list[list[Any]],
    gap: int,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.xlsx"
        path.write_bytes(template)
        book = openpyxl.load_workbook(path)
        for name, rows in (("项目", projects), ("绩效指标", indicators), ("项目资金来源", funding)):
            sheet = book[name]
            for r, row in enumerate(rows, start=2 + gap):
                for c, value in enumerate(row, start=1):
                    sheet.cell(row=r, column=c, value=value)
        if len(indicators) > 2:
            book["绩效指标"].merge_cells(f"A{2 + gap}:A{3 + gap}")
        book.save(path)
        _same(path)


def test_owner_cells_find_their_project_by_the_key_they_read_as(
    tmp_path: Path, options: CheckOptions
) -> None:
    """A registered 序号's cell value is looked up for owners, except 0.0: -0.0 reads "-0".

    (The legacy import shares the key lookup, so this is checked against the messages.)
    """
    path = tmp_path / "keys.xlsx"
    write_template(path, options.economic_classes, year=2023, unit="某局")
    book = openpyxl.load_workbook(path)
    rows: dict[str, list[list[Any]]] = {
        "项目": [[0.0, "甲"], [1.5, "乙"], ["2", "丙"]],
        "项目资金来源": [[-0.0, "其他资金", 1], [0.0, "其他资金", 2], [1.5, "其他资金", 3]],
        "绩效指标": [[2, None, "产出指标", None, "丙"], [1.5, None, "产出指标", None, "乙"]],
    }
    for name, sheet_rows in rows.items():
        for r, row in enumerate(sheet_rows, start=2):
            for c, value in enumerate(row, start=1):
                book[name].cell(row=r, column=c, value=value)
    book.save(path)
    imported = import_workbook(path)
    assert imported.submission is not None
    found = [(p.name, len(p.funding), len(p.indicators)) for p in imported.submission.projects]
    assert found == [("甲", 1, 0), ("乙", 1, 1), ("丙", 0, 1)]
    refused = [p for p in imported.problems if p.code == "excel.bad-reference"]
    assert [(p.location.cell, "『-0』" in p.message) for p in refused] == [
        ("项目资金来源!A2", True)
    ]


def test_a_few_thousand_indicator_rows(tmp_path: Path, options: CheckOptions) -> None:
    """Rows written straight into the template: every one read, in order, as before."""
    path = tmp_path / "many.xlsx"
    write_template(path, options.economic_classes, year=2023, unit="某局")
    book = openpyxl.load_workbook(path)
    projects, indicators = book["项目"], book["绩效指标"]
    for p in range(1, 51):
        projects.append([p, f"项目{p}", None, None, "一般公共预算", "否", "否", 10.5, 12.25, 11])
    for i in range(5000):
        indicators.append(
            [
                i % 50 + 1,
                None,
                "产出指标",
                "数量指标",
                f"指标{i}",
                "件",
                "≥",
                100,
                None,
                98.5,
                2,
                1.95,
            ]
        )
    book.save(path)
    imported = _same(path)
    assert imported.submission is not None
    counts = [len(p.indicators) for p in imported.submission.projects]
    assert counts == [100] * 50
    first = imported.submission.projects[0].indicators[0]
    assert (first.name, first.actual, first.stated_score) == (
        "指标0",
        Decimal("98.5"),
        Decimal("1.95"),
    )


_ANY_CELL = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["是", "否", "√", "≥", "≤", "定性", "优秀", "良", "1,234.50", "未公开", "1e3"]),
    st.integers(-(10**15), 10**15),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


@settings(max_examples=300, deadline=None)
@given(value=_ANY_CELL, kind=st.sampled_from(list(Kind)))
def test_fast_reader_reads_as_read_cell(value: object, kind: Kind) -> None:
    fast = fast_reader(kind)
    for _ in range(2):  # the second time from what it remembered
        got = fast(value)
        try:
            read = read_cell(value, kind)
        except CellError:
            assert got is SLOW
            continue
        if got is SLOW:
            continue
        assert read.interpreted is None
        assert type(got) is type(read.value) and got == read.value
        assert str(got) == str(read.value)  # the same digits, not only the same number


@settings(max_examples=500, deadline=None)
@given(st.decimals(min_value=-(10**13) + 1, max_value=10**13 - 1, places=2, allow_nan=False))
def test_two_decimal_amounts_survive_the_float_a_reader_gives(amount: Decimal) -> None:
    """Any amount of 万元 to the 分 with at most 15 digits comes back from its float exactly."""
    as_float = float(amount)
    assert math.isfinite(as_float)
    assert from_float(as_float) == amount


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**8, places=6, allow_nan=False))
def test_six_decimal_amounts_survive_the_float_a_reader_gives(amount: Decimal) -> None:
    assert from_float(float(amount)) == amount


def test_dates_are_never_numbers() -> None:
    assert fast_reader(Kind.MONEY)(dt.date(2023, 1, 1)) is SLOW


@pytest.mark.parametrize("kind", [Kind.BOOL, Kind.KEY, Kind.COUNT, Kind.MONEY])
def test_equal_keys_that_read_differently_are_not_remembered(kind: Kind) -> None:
    fast = fast_reader(kind)
    for first, second in ((0.0, -0.0), (True, 1), (1, 1.0)):
        fast(first)
        got = fast(second)
        try:
            expected = read_cell(second, kind).value
        except CellError:
            assert got is SLOW
            continue
        assert got is SLOW or (type(got) is type(expected) and str(got) == str(expected))


def test_rows_no_sheet_refers_to_are_models_as_read(tmp_path: Path, options: CheckOptions) -> None:
    """Indicator and funding rows are validated as read (their plain data is not kept).

    A project row stays plain data: indicator rows are added to it later. An invalid
    row stays plain data too, for the whole-model validation to report at its path.
    """
    from jixiao.core.model import FundingRow, Indicator, Submission
    from jixiao.formats.excel.importer import read_book
    from jixiao.formats.excel.layout import SUBMISSION

    submission = load_submission(EXAMPLES / "xiangjiang-justice-2023.yaml").submission
    assert submission is not None
    path = tmp_path / "example.xlsx"
    export_submission(submission, path, options.economic_classes)
    book = openpyxl.load_workbook(path)
    book["绩效指标"]["C2"] = None  # 一级指标 is required: this row stays plain data
    book.save(path)
    data = read_book(path, SUBMISSION, root=Submission).data
    projects = data["projects"]
    assert all(isinstance(project, dict) for project in projects)
    indicators = [i for p in projects for i in p.get("indicators", [])]
    indicators += data.get("department_indicators", [])
    plain = [i for i in indicators if isinstance(i, dict)]
    assert len(plain) == 1 and "level1" not in plain[0]
    assert len(indicators) > 1 and all(isinstance(i, Indicator | dict) for i in indicators)
    funding = [f for p in projects for f in p.get("funding", [])]
    assert funding and all(isinstance(f, FundingRow) for f in funding)
    unvalidated = read_book(path, SUBMISSION).data["projects"]
    assert all(isinstance(f, dict) for p in unvalidated for f in p.get("funding", []))


def test_rows_share_a_target_only_when_its_values_read_alike() -> None:
    """Targets of the same 指标性质 and 指标值 are one model; 100 and 100.0 are two.

    A target that does not validate stays plain data inside its row, for the row's
    validation to report at its path.
    """
    from jixiao.core.model import Indicator, Target
    from jixiao.formats.excel.importer import _nested, _State

    state = _State(file="x.xlsx")

    def row(**target: object) -> dict[str, Any]:
        item: dict[str, Any] = {"level1": "产出指标", "name": "培训人次", "target": target}
        _nested(state, Indicator, item)
        return item

    first = row(comparator=">=", value=Decimal("100"))["target"]
    again = row(comparator=">=", value=Decimal("100"))["target"]
    wider = row(comparator=">=", value=Decimal("100.0"))["target"]
    assert isinstance(first, Target) and again is first
    assert isinstance(wider, Target) and wider is not first
    assert (first.display(), wider.display()) == ("≥100", "≥100.0")
    assert row(comparator="<=", value=Decimal("100"))["target"].comparator == "<="
    assert row(comparator=">=")["target"] == {"comparator": ">="}  # 定量指标须有指标值
