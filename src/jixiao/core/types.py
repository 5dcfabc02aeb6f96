"""Annotated field types shared by the model: money, rates, counts, not-disclosed.

They live apart from `model.py` so the model reads as a list of nouns, and so the JSON
Schema of each type (what `jixiao schema` publishes) is declared next to its parser.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from jixiao.core.money import MAX_PLACES, MoneyError, parse_decimal, parse_money, parse_quantity

__all__ = [
    "MAX_MAGNITUDE",
    "NOT_DISCLOSED",
    "Count",
    "Disclosable",
    "Line",
    "Money",
    "NotDisclosed",
    "Quantity",
    "bounded",
    "is_amount",
    "is_plain_number",
]

NOT_DISCLOSED = "未公开"
MAX_MAGNITUDE = Decimal("1e12")
"""Largest absolute value accepted (万元, counts, rates): a trillion 万元 is beyond any
budget unit, and a bound keeps every later division and rounding inside Decimal's
default 28-digit context, so an absurd input is a message, not an InvalidOperation."""


def is_plain_number(value: object) -> TypeGuard[Decimal]:
    """A finite Decimal within MAX_MAGNITUDE: accepted as it is by every number parser.

    Why: a workbook of 200,000 indicators hands the model 600,000 Decimals already read
    exactly from their cells; one type test and two comparisons settle each of them.
    """
    return type(value) is Decimal and value.is_finite() and -MAX_MAGNITUDE < value < MAX_MAGNITUDE


def _bounded(value: Decimal) -> Decimal:
    if abs(value) >= MAX_MAGNITUDE:
        raise MoneyError(f"数值过大（{value:.3E}），超出合理范围")
    return value


NotDisclosed = Literal["未公开"]

_MONEY_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*[0-9０-９][0-9０-９,，.．]*\s*(万元|元|亿元)?\s*$"},
    ],
    "description": "金额，默认单位万元；可写“120000元”“1.2亿元”；不得为负数",
}


def _money(value: object) -> Decimal:
    if is_plain_number(value) and value >= 0 and _within_places(value):
        return value  # the common case (every imported amount), as parse_money gives it
    if isinstance(value, str) and value.strip() == NOT_DISCLOSED:
        raise MoneyError("此处不接受“未公开”")
    amount = _bounded(parse_money(value))
    if amount < 0:
        raise MoneyError("金额不能为负数")
    return amount


def _within_places(value: Decimal) -> bool:
    """Whether a finite Decimal has at most MAX_PLACES decimals as written.

    Then it has at most that many after `normalize` too (which only drops trailing
    zeros), so parse_money's precision check would pass it as it is.
    """
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -MAX_PLACES


def _disclosable(value: object) -> Decimal | str:
    if isinstance(value, str) and value.strip() in {NOT_DISCLOSED, "涉密", "不公开"}:
        return NOT_DISCLOSED
    return _money(value)


def _quantity(value: object, *, percent: bool = True) -> Decimal:
    if is_plain_number(value):
        return value  # the common case (every imported number), without the slower tests
    if isinstance(value, (bool, float)):
        raise MoneyError("数值不得以浮点数或是/否值传入")
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        number = parse_quantity(value)[0] if percent else parse_decimal(value)
    else:
        raise MoneyError(f"应为数字，实际为{type(value).__name__}")
    if not number.is_finite():
        raise MoneyError("数值不是有限数")
    return _bounded(number)


def _count(value: object) -> int:
    number = _quantity(value, percent=False)
    if number != number.to_integral_value() or number < 0:
        raise MoneyError("应为非负整数")
    return int(number)


def _serialise_decimal(value: Decimal) -> str:
    return f"{value:f}"


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(_serialise_decimal, return_type=str, when_used="json"),
    WithJsonSchema(_MONEY_SCHEMA),
]
"""An amount in 万元, non-negative, exact."""

Disclosable = Annotated[
    Decimal | NotDisclosed,
    BeforeValidator(_disclosable),
    PlainSerializer(lambda v: v if isinstance(v, str) else _serialise_decimal(v), when_used="json"),
    WithJsonSchema({"anyOf": [_MONEY_SCHEMA, {"const": NOT_DISCLOSED}]}),
]
"""An amount that may be withheld (涉密): "未公开" is distinct from zero and from absent."""

Quantity = Annotated[
    Decimal,
    BeforeValidator(_quantity),
    PlainSerializer(_serialise_decimal, return_type=str, when_used="json"),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}),
]
"""A plain number (a rate in percent, a target value, a weight); may be negative."""

Count = Annotated[
    int,
    BeforeValidator(_count),
    WithJsonSchema({"type": "integer", "minimum": 0}),
]
"""A head count or a number of items."""


def is_amount(value: Decimal | str | None) -> bool:
    """True when a Disclosable holds a number (not absent, not withheld)."""
    return isinstance(value, Decimal)


bounded = _bounded
"""Public name for the magnitude guard, used by other parsers of numbers (actuals)."""


_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
"""Everything `str.splitlines` breaks at: a name carrying one would start a new line of
the report outline, where "# …" is a heading and "::note …" a note."""


def _one_line(value: str) -> str:
    if value.isprintable():  # every break is unprintable: one C pass for the usual text
        return value
    if not _BREAKS.isdisjoint(value):
        raise ValueError("只能填一行，不能含换行符（请删去换行）")
    return value


Line = Annotated[str, AfterValidator(_one_line)]
"""A one-line text (names, codes, titles): a line break is refused at the field."""
