"""The template's live checks come from the identities of the rules data.

The formulas are read back as written, and (when LibreOffice is installed) recalculated
by a real spreadsheet engine, so "合计不符" is what a unit sees for a total that is wrong.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import EXAMPLES

from jixiao.core.checks import CheckOptions
from jixiao.core.identities import computed_totals
from jixiao.formats.excel import TemplateChecks, export_submission, write_template
from jixiao.formats.excel.checks import CHECK_PREFIX
from jixiao.pipeline import evaluate, load
from jixiao.rules.identities import load_identities
from jixiao.rules.profiles import load_options

YIYANG = EXAMPLES / "yiyang-justice-2022.yaml"
REGION_IDENTITY = """
  - id: procurement-within-budget
    label: 政府采购预算
    total: finance.procurement.budget
    parts:
      - {path: finance.procurement.actual, label: 实际采购金额}
    parts_label: 实际采购金额
    check_label: 校验：政府采购预算 = 实际采购金额
"""


def _checks(book: openpyxl.Workbook, sheet: str) -> dict[str, list[object]]:
    ws = book[sheet]
    return {
        str(row[0].value): [c.value for c in row[1:]]
        for row in ws.iter_rows()
        if isinstance(row[0].value, str) and row[0].value.startswith(CHECK_PREFIX)
    }


def _funding_check(book: openpyxl.Workbook) -> object:
    ws = book["项目"]
    [column] = [c.column_letter for c in ws[1] if c.value == "资金来源核对"]
    return ws[f"{column}2"].value


def test_check_rows_and_formulas_follow_the_identities(
    tmp_path: Path, options: CheckOptions
) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, options.economic_classes, checks=TemplateChecks.of(options))
    book = openpyxl.load_workbook(path)
    finance = _checks(book, "收支情况")
    assert set(finance) == {
        "校验：本年总收入 = 各收入来源之和",
        "校验：本年总支出 = 基本支出 + 项目支出",
        "校验：基本支出 = 人员经费 + 公用经费",
        "校验：本年总支出 = 四本预算支出之和",
    }
    labels = [r[0].value for r in book["收支情况"].iter_rows()]
    basic = finance["校验：基本支出 = 人员经费 + 公用经费"][0]
    rows = [labels.index(name) + 1 for name in ("基本支出合计", "人员经费", "公用经费")]
    assert isinstance(basic, str) and basic.startswith("=IF(")
    assert f"B{rows[0]}-SUM(B{rows[1]},B{rows[2]})" in basic
    assert "COUNT(B{1},B{2})<2".format(*rows) in basic  # all_parts: no verdict until both
    assert ">0.01," in basic  # the profile's tolerance
    revenue = finance["校验：本年总收入 = 各收入来源之和"][0]
    assert "SUM('收入来源'!$B:$B)" in str(revenue)
    three = _checks(book, "三公经费")["校验：四项之和 = 合计"]
    assert len(three) == 3 and all("SUM(" in str(f) for f in three)
    funding = _funding_check(book)
    assert "SUMIFS('项目资金来源'!$E:$E,'项目资金来源'!$A:$A,$A2)" in str(funding)


def test_without_identities_there_are_no_check_cells(tmp_path: Path, options: CheckOptions) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, options.economic_classes)
    book = openpyxl.load_workbook(path)
    assert _checks(book, "收支情况") == {} and not _funding_check(book)


def test_a_regions_identity_is_checked_and_shown_without_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builtin = Path(load_options.__code__.co_filename).parent / "identities" / "default.yaml"
    (tmp_path / "identities").mkdir()
    (tmp_path / "identities" / "default.yaml").write_text(
        builtin.read_text(encoding="utf-8") + REGION_IDENTITY, encoding="utf-8"
    )
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    options = load_options()
    assert "procurement-within-budget" in {i.id for i in options.identities}
    data = (
        "fiscal_year: 2022\nunit: {name: 测试}\nfinance: {procurement: {budget: 100, actual: 80}}\n"
    )
    source = tmp_path / "d.yaml"
    source.write_text(data, encoding="utf-8")
    found = evaluate(load(source), profile=options, score=False).problems
    [problem] = [p for p in found if p.code == "totals.sum-mismatch"]
    assert problem.location.path == "finance.procurement.budget"
    assert problem.location.line == 3
    path = tmp_path / "t.xlsx"
    write_template(path, options.economic_classes, checks=TemplateChecks.of(options))
    assert "校验：政府采购预算 = 实际采购金额" in _checks(openpyxl.load_workbook(path), "收支情况")


def test_computed_totals_for_the_web_form() -> None:
    sub = evaluate(load(YIYANG)).submission
    assert sub is not None
    totals = {t.path: t for t in computed_totals(load_identities(), sub)}
    nature = next(
        t
        for t in computed_totals(load_identities(), sub)
        if t.label == "本年总支出"
        and t.parts == ("finance.expenditure.basic.total", "finance.expenditure.project.total")
    )
    assert nature.value == Decimal("3879.77") + Decimal("1269.39")
    assert totals["finance.revenue.total"].parts[0] == "finance.revenue.sources[0].amount"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_a_spreadsheet_engine_shows_the_wrong_total(tmp_path: Path, options: CheckOptions) -> None:
    sub = evaluate(load(YIYANG)).submission
    assert sub is not None
    path = tmp_path / "yiyang.xlsx"
    export_submission(sub, path, options.economic_classes, TemplateChecks.of(options))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    book = openpyxl.load_workbook(tmp_path / "out" / "yiyang.xlsx", data_only=True)
    finance = _checks(book, "收支情况")
    # 3879.77 + 1269.39 ≠ 5465.60: the report's own contradiction, red while typing.
    assert finance["校验：本年总支出 = 基本支出 + 项目支出"][0] == "合计不符"


@pytest.mark.parametrize("backend", ["openpyxl", "calamine"])
def test_check_rows_are_read_past_on_import(
    tmp_path: Path, options: CheckOptions, backend: str
) -> None:
    from jixiao.formats.excel import import_workbook

    sub = evaluate(load(YIYANG)).submission
    assert sub is not None
    path = tmp_path / "yiyang.xlsx"
    export_submission(sub, path, options.economic_classes, TemplateChecks.of(options))
    imported = import_workbook(path, backend=backend)
    assert not [p for p in imported.problems if p.code.startswith("excel.unknown")]
    assert imported.submission is not None
    assert imported.submission.finance == sub.finance
