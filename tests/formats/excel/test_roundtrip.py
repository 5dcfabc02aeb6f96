"""Export → import gives back an equal model, for generated submissions and the examples."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from jixiao.core.checks import CheckOptions
from jixiao.core.model import Submission
from jixiao.formats.excel import export_submission, import_workbook
from jixiao.formats.submission_file import load_submission

_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="_\x85\xa0\u2028\u2029",
)
text = st.text(_ALPHABET, max_size=12).map(str.strip)
word = text.filter(bool)
money = st.decimals(min_value=0, max_value=Decimal("99999999"), places=2)
fine_money = st.decimals(min_value=0, max_value=Decimal("9999"), places=6)
amount = st.one_of(money, fine_money)
disclosable = st.one_of(amount, st.just("未公开"))
quantity = st.decimals(min_value=-1000, max_value=100000, places=3)
count = st.integers(min_value=0, max_value=10_000)


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != ""}


def _model(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(fields).map(_drop_none)


staffing = _model({"name": word, "quota": count, "headcount": _opt(count)})
target = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "comparator": st.sampled_from([">=", "<=", "=", ">", "<"]),
            "value": quantity,
            "text": text,
        }
    ),
    st.fixed_dictionaries({"comparator": st.just("定性"), "text": text}),
)
indicator = _model(
    {
        "level1": word,
        "level2": text,
        "name": word,
        "unit": text,
        "target": target,
        "actual": _opt(st.one_of(quantity, st.sampled_from(["达成年度指标", "部分完成"]))),
        "weight": _opt(quantity),
        "stated_score": _opt(quantity),
        "deviation_reason": text,
        "measures": text,
    }
)
funding = _model(
    {
        "source": word,
        "initial": _opt(disclosable),
        "full_year": _opt(disclosable),
        "executed": _opt(disclosable),
    }
)
narrative_fields = (
    "overview",
    "work_process",
    "fund_management",
    "project_management",
    "problems",
    "measures",
    "result_application",
)
project = _model(
    {
        "name": word,
        "code": text,
        "implementing_unit": text,
        "account": st.sampled_from(["一般公共预算", "政府性基金预算"]),
        "classified": st.booleans(),
        "key_project": st.booleans(),
        "budget": _model(
            {
                "initial": _opt(disclosable),
                "full_year": _opt(disclosable),
                "executed": _opt(disclosable),
                "stated_execution_rate": _opt(quantity),
            }
        ),
        "funding": st.lists(funding, max_size=2),
        "goal": text,
        "outcome": text,
        "indicators": st.lists(indicator, max_size=3),
        "stated_score": _opt(quantity),
        "stated_grade": _opt(st.sampled_from(["优", "良", "中", "差"])),
        "narrative": _model(dict.fromkeys(narrative_fields, text)),
    }
)
line = _model(
    {
        "code": st.sampled_from(["301", "302", "30101", "310"]),
        "name": text,
        "amount": disclosable,
    }
)
three = _model(
    {
        k: _opt(amount)
        for k in ("overseas", "vehicle_purchase", "vehicle_operation", "reception", "total")
    }
)
submissions = st.builds(
    lambda d: Submission.model_validate(d),
    _model(
        {
            "fiscal_year": st.integers(2000, 2100),
            "unit": _model(
                {
                    "name": word,
                    "code": text,
                    "functions": text,
                    "staffing": st.lists(staffing, max_size=2),
                    "sub_units": st.lists(
                        _model(
                            {"name": word, "kind": text, "staffing": st.lists(staffing, max_size=2)}
                        ),
                        max_size=2,
                        unique_by=lambda u: u["name"],
                    ),
                    "quota_total": _opt(count),
                    "phone": text,
                }
            ),
            "finance": _model(
                {
                    "revenue": _model(
                        {
                            "total": _opt(amount),
                            "sources": st.lists(
                                _model({"name": word, "amount": _opt(disclosable)}), max_size=2
                            ),
                        }
                    ),
                    "expenditure": _model(
                        {
                            "total": _opt(amount),
                            "basic": _model(
                                {
                                    "total": _opt(disclosable),
                                    "personnel": _opt(amount),
                                    "by_economic_class": st.lists(line, max_size=2),
                                }
                            ),
                            "project": _model({"by_economic_class": st.lists(line, max_size=2)}),
                            "by_economic_class": st.lists(line, max_size=2),
                            "by_account": _model({"state_capital": _opt(amount)}),
                        }
                    ),
                    "budget": _model(
                        {"full_year": _opt(amount), "stated_execution_rate": _opt(quantity)}
                    ),
                    "three_public": _model({"budget": three, "last_year_actual": three}),
                    "carryover": _model({"this_year": _opt(amount)}),
                    "procurement": _model({"actual": _opt(amount)}),
                }
            ),
            "projects": st.lists(project, max_size=3),
            "department_indicators": st.lists(indicator, max_size=2),
            "narrative": _model(
                {
                    "overview": text,
                    "disclosure": _model({"url": text}),
                    "photos": st.lists(
                        _model({"file": text, "title": text, "caption": text}).filter(bool),
                        max_size=2,
                    ),
                    "project_funds_report": _model({"problems": text}),
                }
            ),
            "report": _model({"title": text, "date": text}),
            "self_evaluation": _model(
                {"score": _opt(quantity), "grade": _opt(st.sampled_from(["优秀", "良"]))}
            ),
            "restatements": st.lists(
                _model({"field": word, "value": disclosable, "where": text, "quote": text}),
                max_size=2,
            ),
        }
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions)
def test_generated_submission_survives_export_and_import(
    options: CheckOptions, submission: Submission
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "round.xlsx"
        export_submission(submission, path, options.economic_classes)
        imported = import_workbook(path)
    excel_problems = [p for p in imported.problems if p.code.startswith(("excel.", "load."))]
    excel_problems = [p for p in excel_problems if p.code != "excel.number-interpreted"]
    assert excel_problems == []
    assert imported.submission == submission


@pytest.mark.parametrize("name", ["yiyang-justice-2022.yaml", "xiangjiang-justice-2023.yaml"])
@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_examples_survive_export_and_import(
    tmp_path: Path, options: CheckOptions, name: str, backend: str
) -> None:
    submission = load_submission(EXAMPLES / name).submission
    assert submission is not None
    path = tmp_path / "example.xlsx"
    export_submission(submission, path, options.economic_classes)
    imported = import_workbook(path, backend=backend)
    assert imported.submission == submission
    assert imported.problems == []


def test_float_cells_import_as_the_typed_decimal(tmp_path: Path, options: CheckOptions) -> None:
    submission = load_submission(EXAMPLES / "yiyang-justice-2022.yaml").submission
    assert submission is not None
    path = tmp_path / "yy.xlsx"
    export_submission(submission, path, options.economic_classes)
    imported = import_workbook(path)
    assert imported.submission is not None
    lines = imported.submission.finance.expenditure.by_economic_class
    assert lines[0].amount == Decimal("3122.21")
    assert str(lines[0].amount) == "3122.21"
