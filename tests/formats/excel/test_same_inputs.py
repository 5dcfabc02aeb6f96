"""The Excel template and the web form (the data model) read the same inputs alike.

One parser (core/money.py) and one message catalogue: what a clerk may type in a cell
they may type in the form, and a value that is refused is worded the same way in both
("应为数字，实际为『…』", with the same hint), never echoing the value twice.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.codes import lookup
from jixiao.core.model import Submission
from jixiao.core.problems import Problem
from jixiao.core.validation import build_submission
from jixiao.formats.excel.layout import Kind
from jixiao.formats.excel.values import CellError, read_cell
from jixiao.formats.submission_file import load_submission

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "xiangjiang-justice-2023.yaml"
_loaded = load_submission(EXAMPLE).submission
assert _loaded is not None
DATA = _loaded.model_dump(mode="json", exclude_defaults=True)


def _form(
    rate: str | None = None, total: str | None = None
) -> tuple[Submission | None, list[Problem]]:
    data = copy.deepcopy(DATA)
    if rate is not None:
        data["finance"]["budget"]["stated_execution_rate"] = rate
    if total is not None:
        data["finance"]["revenue"]["total"] = total
    model, problems = build_submission(data)
    return model, problems


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("97.74%", "97.74"),
        ("９７.７４％", "97.74"),
        ("97.74", "97.74"),
        ("1,097.5", "1097.5"),
    ],
)
def test_a_rate_reads_the_same_in_the_form_and_the_template(typed: str, number: str) -> None:
    model, problems = _form(rate=typed)
    assert not problems, problems
    assert model is not None
    assert model.finance.budget.stated_execution_rate == Decimal(number)
    assert read_cell(typed, Kind.QUANTITY).value == Decimal(number)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2,680.50", "2680.50"),
        ("２６８０.５", "2680.5"),
        ("26805000元", "2680.5"),
        ("0.268亿元", "2680"),
    ],
)
def test_an_amount_reads_the_same_in_the_form_and_the_template(typed: str, amount: str) -> None:
    model, _problems = _form(total=typed)
    assert model is not None
    assert model.finance.revenue.total == Decimal(amount)
    assert read_cell(typed, Kind.MONEY).value == Decimal(amount)


def test_a_refusal_is_worded_once_and_alike() -> None:
    _model, problems = _form(rate="97.7x")
    [problem] = problems
    assert problem.code == "load.not-a-number"
    message = problem.message
    assert message.count("97.7x") == 1 and "应为数字，实际为『97.7x』" in message
    with pytest.raises(CellError) as cell:
        read_cell("97.7x", Kind.QUANTITY)
    assert cell.value.code == "excel.not-a-number"
    assert lookup("excel.not-a-number").hint == lookup("load.not-a-number").hint
    assert problem.hint == lookup("excel.not-a-number").hint


def test_no_refusal_echoes_the_value_twice() -> None:
    data = copy.deepcopy(DATA)
    data["self_evaluation"] = {"grade": "很好"}
    _model, problems = build_submission(data)
    assert [p.message.count("很好") for p in problems] == [1]
