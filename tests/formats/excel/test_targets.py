"""The 绩效目标申报表 workbook: round trip, dropdowns, sheet!cell problems, hostile files.

The workbook is the self-evaluation's code given the targets layout, so these tests pin
what is particular to it (TargetSet in and out, lint at cells, typed text kept) and that
the shared bounds apply to it as well.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from tests.loop.conftest import DATA

from jixiao.core.checks.target_lint import lint_targets
from jixiao.core.goals import TargetSet
from jixiao.core.loop_rules import LoopRules
from jixiao.core.problems import Problem, UnreadableError
from jixiao.formats.excel import import_targets, write_targets
from jixiao.formats.source import read_data
from jixiao.rules.loop import load_loop_rules


@pytest.fixture
def targets() -> TargetSet:
    data: dict[str, Any] = read_data(DATA / "targets-2024.yaml").data
    data["projects"][0]["indicators"].append(
        {
            "level1": "效益指标",
            "level2": "可持续影响指标",
            "name": "长效管护机制",
            "target": {"comparator": "定性", "text": "建立村级保洁长效机制"},
            "weight": "5.5",
        }
    )
    return TargetSet.model_validate(data)


@pytest.fixture(scope="module")
def loop_rules() -> LoopRules:
    return load_loop_rules()


@pytest.fixture
def workbook(tmp_path: Path, targets: TargetSet) -> Path:
    path = tmp_path / "绩效目标.xlsx"
    write_targets(path, targets)
    return path


def _edit(path: Path, sheet: str, **cells: Any) -> Path:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book[sheet][ref] = value
    book.save(path)
    return path


def _codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_round_trip_gives_the_same_target_set(
    workbook: Path, targets: TargetSet, backend: str
) -> None:
    imported = import_targets(workbook, backend=backend)
    assert imported.problems == []
    assert imported.targets == targets


def test_a_blank_template_has_the_year_and_unit_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    write_targets(path, {"fiscal_year": 2026, "unit_name": "青禾县农业农村局"})
    imported = import_targets(path)
    assert imported.problems == []
    assert imported.targets == TargetSet(fiscal_year=2026, unit_name="青禾县农业农村局")


def test_openpyxl_opens_it_with_dropdowns_for_levels_and_comparator(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["填表说明", "部门整体目标", "项目", "绩效指标"]
    sheet = book["绩效指标"]
    headers = [c.value for c in sheet[1]]
    assert headers[:9] == [
        "项目序号",
        "项目名称",
        "一级指标",
        "二级指标",
        "三级指标",
        "计量单位",
        "指标性质",
        "指标值",
        "指标值（原文）",
    ]
    lists = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    assert "产出指标" in str(lists["C2"].formula1) and lists["C2"].errorStyle == "warning"
    assert "数量指标" in str(lists["D2"].formula1)
    assert "≥" in str(lists["G2"].formula1) and lists["G2"].errorStyle == "stop"
    # department rows first (blank 项目序号), then the project's; the name is a formula
    assert sheet["A2"].value is None and sheet["E2"].value == "高标准农田建设面积"
    assert sheet["A5"].value == 1 and str(sheet["B5"].value).startswith("=")
    assert "部门整体" in str(sheet["B2"].value)
    assert book["部门整体目标"]["B2"].value == 2024


def test_lint_problems_carry_sheet_and_cell(workbook: Path, loop_rules: LoopRules) -> None:
    # 单座公厕建设成本 is row 7 (3 department rows, then the project's third); 指标性质 is G
    _edit(workbook, "绩效指标", G7="≥")
    _edit(workbook, "项目", D2="2024-06", E2="2024-12")
    imported = import_targets(workbook)
    assert imported.problems == [] and imported.targets is not None
    problems = [imported.locate(p) for p in lint_targets(imported.targets, loop_rules.lint)]
    found = {p.code: p.location.cell for p in problems}
    assert found["targets.cost-comparator"] == "绩效指标!G7"
    assert "单座公厕建设成本" in next(
        p.message for p in problems if p.code == "targets.cost-comparator"
    )


def test_a_cell_that_cannot_be_read_is_located_and_its_text_kept(workbook: Path) -> None:
    _edit(workbook, "绩效指标", J5="二十分", G6="约", A9=7)
    imported = import_targets(workbook)
    cells = {p.code: p.location.cell for p in imported.problems}
    assert cells["excel.not-a-number"] == "绩效指标!J5"
    assert cells["excel.invalid-choice"] == "绩效指标!G6"
    assert cells["excel.bad-reference"] == "绩效指标!A9"
    first = imported.typed["projects"][0]["indicators"][0]
    assert first["weight"] == "二十分" and first["name"] == "新建公厕数量"
    # the model still validates without the unreadable cells, so the lint can run on it
    assert imported.targets is not None
    assert imported.targets.projects[0].indicators[0].weight is None


def test_months_as_dates_and_chinese_text_are_read_and_a_bare_number_is_kept(
    tmp_path: Path, workbook: Path, targets: TargetSet
) -> None:
    write_targets(tmp_path / "fresh.xlsx", targets)
    _edit(workbook, "项目", D2=dt.datetime(2024, 3, 1), E2="2024年11月")
    imported = import_targets(workbook)
    assert imported.targets is not None
    assert (imported.targets.projects[0].start, imported.targets.projects[0].end) == (
        "2024-03",
        "2024-11",
    )
    fresh = _edit(tmp_path / "fresh.xlsx", "项目", D2=2024.1)
    imported = import_targets(fresh)
    assert imported.targets is None
    [problem] = imported.problems
    assert problem.location.cell == "项目!D2" and "2024-01" in problem.message
    assert imported.typed["projects"][0]["start"] == "2024.1"


def test_a_row_without_a_project_number_is_a_department_indicator(workbook: Path) -> None:
    _edit(workbook, "绩效指标", A20=None, C20="产出指标", E20="普法宣传场次", H20=12, F20="场")
    imported = import_targets(workbook)
    assert imported.targets is not None
    added = imported.targets.department_indicators[-1]
    assert (added.name, added.target and added.target.value) == ("普法宣传场次", Decimal(12))


def test_a_formula_without_a_result_is_an_empty_cell_at_its_place(workbook: Path) -> None:
    _edit(workbook, "绩效指标", E5='=CONCATENATE("新建","公厕")')  # never calculated
    imported = import_targets(workbook)
    [problem] = imported.problems
    assert (problem.code, problem.location.cell) == ("load.missing-field", "绩效指标!E5")
    assert "三级指标" in problem.message


def test_formula_text_stays_text_and_money_is_decimal(tmp_path: Path, workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    cell = book["绩效指标"]["E5"]
    cell.value, cell.data_type = '=HYPERLINK("http://x","点击")', "s"
    book.save(workbook)
    imported = import_targets(workbook)
    assert imported.targets is not None
    assert imported.targets.projects[0].indicators[0].name.startswith("=HYPERLINK")
    again = tmp_path / "again.xlsx"
    write_targets(again, imported.targets)
    cell = openpyxl.load_workbook(again)["绩效指标"]["E5"]
    assert cell.data_type == "s"  # written back as text, never a live formula
    assert imported.targets.projects[0].funding == Decimal(300)


@pytest.mark.parametrize(("sheet", "ref"), [("绩效指标", "A260000"), ("项目", "A1200")])
def test_values_beyond_the_layout_are_refused_before_reading(
    workbook: Path, sheet: str, ref: str
) -> None:
    _edit(workbook, sheet, **{ref: "x"})
    with pytest.raises(UnreadableError) as caught:
        import_targets(workbook)
    assert caught.value.problem.code == "excel.out-of-range"
    assert caught.value.problem.location.cell == f"{sheet}!{ref}"


def test_a_text_file_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "目标.xlsx"
    path.write_text("年度,单位名称\n", encoding="utf-8")
    with pytest.raises(UnreadableError) as caught:
        import_targets(path)
    assert caught.value.problem.code == "excel.not-a-workbook"


def test_bad_types_in_typed_cells(workbook: Path) -> None:
    _edit(workbook, "绩效指标", H5=True, J6=dt.datetime(2024, 1, 1))
    _edit(workbook, "部门整体目标", B2="二〇二四")
    imported = import_targets(workbook)
    cells = sorted(p.location.cell or "" for p in imported.problems)
    assert cells == ["绩效指标!H5", "绩效指标!J6", "部门整体目标!B2"]
    assert all(p.code == "excel.not-a-number" for p in imported.problems)
