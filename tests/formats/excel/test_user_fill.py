"""Fill the template with openpyxl the way a finance officer would, then import it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.checks import CheckOptions
from jixiao.formats.excel import write_template
from jixiao.pipeline import evaluate, load


def _filled(tmp_path: Path, options: CheckOptions) -> Path:
    path = tmp_path / "模板.xlsx"
    write_template(path, options.economic_classes, year=2023, unit="某县司法局")
    book = openpyxl.load_workbook(path)
    finance = book["收支情况"]
    rows = {finance.cell(row=r, column=1).value: r for r in range(1, finance.max_row + 1)}
    finance.cell(row=rows["本年总支出"], column=2, value=1324.5)
    finance.cell(row=rows["基本支出合计"], column=2, value="1,234.50")  # typed as text
    finance.cell(row=rows["人员经费"], column=2, value=1000)
    finance.cell(row=rows["公用经费"], column=2, value=200)  # deliberate: 1000 + 200 ≠ 1234.50
    finance.cell(row=rows["项目支出合计"], column=2, value=90)
    projects = book["项目"]
    row: list[int | str | None] = [
        1,
        "普法宣传",
        None,
        None,
        "一般公共预算",
        "否",
        "否",
        None,
        "１２３万元",
        "十万",
    ]
    for col, value in enumerate(row, start=1):
        projects.cell(row=2, column=col, value=value)
    indicators = book["绩效指标"]
    indicators["A2"], indicators["C2"], indicators["D2"] = 1, "产出指标", "数量指标"
    indicators["E2"], indicators["F2"], indicators["G2"] = "培训人次", "人次", "≥"
    indicators["H2"], indicators["J2"], indicators["K2"], indicators["L2"] = 100, 120, 50, 50
    indicators["A3"], indicators["C3"], indicators["E3"] = 9, "产出指标", "不存在的项目的指标"
    text = book["文字说明"]
    for r in range(1, text.max_row + 1):
        if text.cell(row=r, column=1).value == "公开网址":
            text.cell(row=r, column=2, value="http://example.gov.cn/zwgk/1.html")
    book.save(path)
    return path


def test_filled_template_gives_exactly_the_expected_problems(
    tmp_path: Path, options: CheckOptions
) -> None:
    imported = evaluate(load(_filled(tmp_path, options)), profile=options, score=False)
    found = sorted((p.code, p.location.cell, p.location.path) for p in imported.problems)
    assert found == sorted(
        [
            ("excel.number-interpreted", "收支情况!B6", "finance.expenditure.basic.total"),
            ("excel.number-interpreted", "项目!I2", "projects[0].budget.full_year"),
            ("excel.not-a-number", "项目!J2", "projects[0].budget.executed"),
            ("excel.bad-reference", "绩效指标!A3", ""),
            ("totals.sum-mismatch", "收支情况!B6", "finance.expenditure.basic.total"),
        ]
    )
    messages = {p.code: p.message for p in imported.problems}
    assert (
        messages["excel.not-a-number"]
        == "项目!J2（全年执行数）：应为数字（万元）或“未公开”，实际为『十万』"
    )
    assert "『１２３万元』按 123万元 读取" in [
        p.message.split("：", 1)[1] for p in imported.problems if p.location.cell == "项目!I2"
    ]
    assert imported.submission is not None
    assert imported.submission.finance.expenditure.basic.total == Decimal("1234.50")
    assert imported.submission.projects[0].budget.full_year == Decimal(123)
    assert imported.submission.projects[0].indicators[0].target is not None


def test_import_command_writes_yaml_and_exits_1_on_errors(
    tmp_path: Path, options: CheckOptions
) -> None:
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(app, ["import", str(_filled(tmp_path, options)), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "项目!J2（全年执行数）" in result.output
    assert "fiscal_year: 2023" in out.read_text(encoding="utf-8")


def test_template_and_export_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    template = tmp_path / "t.xlsx"
    unknown = runner.invoke(app, ["template", "-o", str(template), "--framework", "x"])
    assert unknown.exit_code == 2 and "rules.not-found" in unknown.output
    result = runner.invoke(
        app,
        ["template", "-o", str(template), "--year", "2024", "--framework", "national-2020-project"],
    )
    assert result.exit_code == 0, result.output
    notes = [c.value for row in load_workbook(template)["填表说明"].iter_rows() for c in row]
    assert any("产出指标 50分" in str(v) and "财预〔2020〕10号" in str(v) for v in notes)
    empty = runner.invoke(app, ["import", str(template)])
    assert empty.exit_code == 1  # 单位名称 is required and the template leaves it blank
    assert "load.missing-field" in empty.output
    assert "单位信息!B3" in empty.output
    exported = tmp_path / "e.xlsx"
    example = Path(__file__).resolve().parents[3] / "examples" / "yiyang-justice-2022.yaml"
    assert runner.invoke(app, ["export", str(example), "-o", str(exported)]).exit_code == 0
    assert runner.invoke(app, ["import", str(exported), "--json"]).exit_code == 1
