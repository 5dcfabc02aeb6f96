"""Indicator targets and actuals as typed on the forms: "≥2000件", "≤90万元", "定性".

The forms write a target as operator + number + unit, or as a qualitative statement;
the scoring rules (RULES.md §1.5–1.6) depend on the operator, so it is parsed once here.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from enum import StrEnum

from jixiao.core.money import MoneyError, parse_decimal
from jixiao.core.types import bounded, is_plain_number

__all__ = [
    "QUALITATIVE_GRADES",
    "Comparator",
    "parse_actual",
    "parse_comparator",
    "split_number_unit",
]


class Comparator(StrEnum):
    """How an actual is compared with its target (指标性质)."""

    GE = ">="
    LE = "<="
    EQ = "="
    GT = ">"
    LT = "<"
    QUALITATIVE = "定性"

    @property
    def symbol(self) -> str:
        """The form's symbol: ≥ ≤ = > < or 定性."""
        return {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<", "定性": "定性"}[self.value]

    @property
    def higher_is_better(self) -> bool:
        """Whether a larger actual is better (≥, >, and = treated as ≥ per practice)."""
        return self in {Comparator.GE, Comparator.GT, Comparator.EQ}


_COMPARATOR_ALIASES = {
    ">=": Comparator.GE,
    "≥": Comparator.GE,
    "=>": Comparator.GE,
    "不低于": Comparator.GE,
    "不少于": Comparator.GE,
    "<=": Comparator.LE,
    "≤": Comparator.LE,
    "=<": Comparator.LE,
    "不高于": Comparator.LE,
    "不超过": Comparator.LE,
    "=": Comparator.EQ,
    "＝": Comparator.EQ,
    "==": Comparator.EQ,
    ">": Comparator.GT,
    "＞": Comparator.GT,
    "<": Comparator.LT,
    "＜": Comparator.LT,
    "定性": Comparator.QUALITATIVE,
    "qualitative": Comparator.QUALITATIVE,
}

QUALITATIVE_GRADES = (
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
)
"""The three grades of a qualitative indicator (RULES.md §1.6; names from the 2020 forms)."""

_TARGET = re.compile(
    r"^(?P<op>>=|<=|=>|=<|==|[≥≤=＝><＞＜]|不低于|不少于|不高于|不超过)?\s*"
    r"(?P<num>[+-]?[\d,]*\.?\d+)\s*(?P<unit>.{0,8})$"
)


def parse_comparator(text: str) -> Comparator:
    """A comparator from its symbol or Chinese wording; raises ValueError otherwise."""
    key = text.strip()
    if key in _COMPARATOR_ALIASES:
        return _COMPARATOR_ALIASES[key]
    raise ValueError(f"无法识别的指标性质『{text}』，应为 ≥、≤、=、>、< 或 定性")


def split_number_unit(text: str) -> tuple[str | None, Decimal, str] | None:
    """Split "≥2,000件" into (">=", 2000, "件"); None when the text is not of that shape."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    match = _TARGET.match(cleaned)
    if not match:
        return None
    try:
        number = parse_decimal(match["num"])
    except MoneyError:
        return None
    op = match["op"]
    return (parse_comparator(op).value if op else None, number, match["unit"])


def parse_actual(value: object) -> Decimal | str:
    """An actual value: a number (with an optional unit suffix dropped) or a text.

    A qualitative indicator's actual is one of `QUALITATIVE_GRADES` or free text.
    """
    if is_plain_number(value):
        return value
    if isinstance(value, (bool, float)):
        raise ValueError("实际完成值不得以浮点数或是/否值传入")
    if isinstance(value, int | Decimal):
        return _within_bounds(Decimal(value))
    if not isinstance(value, str):
        raise ValueError(f"实际完成值应为数字或文字，实际为{type(value).__name__}")
    parsed = split_number_unit(value)
    if parsed is not None and parsed[0] is None:
        return _within_bounds(parsed[1])
    return value.strip()


def _within_bounds(number: Decimal) -> Decimal:
    if not number.is_finite():
        raise ValueError("实际完成值不是有限数")
    return bounded(number)
