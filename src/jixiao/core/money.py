"""Money in 万元 as Decimal: parsing, quantisation, tolerance and display.

Why Decimal and why 万元: every published form states amounts in 万元 with two decimals,
and a float cannot hold 0.01 exactly, so sums drift and a check would report differences
that are not in the data. Values keep up to six decimals (one 分 is 0.000001 万元) so an
amount entered in 元 is never rounded away; display rounds half-up to two decimals.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CENT",
    "DEFAULT_TOLERANCE",
    "MAX_PLACES",
    "UNIT_FACTORS",
    "MoneyError",
    "differs",
    "fmt_money",
    "fmt_number",
    "normalise_digits",
    "parse_decimal",
    "parse_money",
    "parse_quantity",
    "percent",
    "quantize2",
    "rate_agrees",
    "stated_places",
    "written_tolerance",
]

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
DEFAULT_TOLERANCE = Decimal("0.01")
"""The one tolerance: two amounts in 万元 agree within 0.01 (rounding of two-decimal forms).

A profile states the tolerance its checks use (rules/profiles/*.yaml, with its reference);
this is the default for callers without a profile, such as the auditor."""
MAX_PLACES = 6
# Every money unit published forms use, as a factor to 万元. The one unit table of the
# project: the checks, the Excel importer and the auditor all convert through it.
UNIT_FACTORS: dict[str, Decimal] = {
    "亿元": Decimal(10000),
    "万元": Decimal(1),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}
_SUFFIXES = tuple(sorted(UNIT_FACTORS, key=len, reverse=True))
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


class MoneyError(ValueError):
    """A text that is not an amount; the message is Chinese and shown to the user.

    `wanted` ("数字" or "金额") is what the input should have been: the one message
    catalogue (core/codes) words the problem from it, with the field's label and the
    value, so the form, the data file and the workbook say the same thing.
    """

    def __init__(self, message: str, *, wanted: str = "") -> None:
        super().__init__(message)
        self.wanted = wanted


def normalise_digits(text: str) -> str:
    """Map full-width digits, signs and separators to ASCII (NFKC) and trim spaces.

    Department staff type on Chinese input methods, which produce "１２３．４５" and "，".
    """
    text = unicodedata.normalize("NFKC", text)
    return text.replace("，", ",").replace("。", ".").strip().replace(" ", "")


def parse_decimal(text: str) -> Decimal:
    """Parse a plain number, allowing full-width digits and thousands separators."""
    cleaned = normalise_digits(text)
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        raise MoneyError("应为数字", wanted="数字")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards
        raise MoneyError("应为数字", wanted="数字") from exc


def parse_quantity(text: str) -> tuple[Decimal, str]:
    """A number as typed in a field labelled % or a plain count: ("97.74%" → 97.74, "%").

    The one reading of rates for the form, the data file and the Excel template: the
    percent sign (half- or full-width) is the field's unit, not part of the number.
    Returns the number and "%" when the sign was written, else "".
    """
    cleaned = normalise_digits(text)
    if cleaned.endswith("%"):
        return parse_decimal(cleaned[:-1]), "%"
    return parse_decimal(cleaned), ""


def parse_money(value: object, default_unit: str = "万元") -> Decimal:
    """Turn user input into an amount in 万元.

    Accepts Decimal, int and text such as "5,465.60", "５４６５.６万元", "120000元" or
    "1.2亿元". A float is refused: it has already lost the exact decimal the user typed.
    """
    if isinstance(value, bool):
        raise MoneyError("金额不能是是/否值")
    if isinstance(value, float):
        raise MoneyError("金额不得以浮点数传入，请以文本或 Decimal 提供")
    if isinstance(value, int):
        amount = Decimal(value) * UNIT_FACTORS[default_unit]
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise MoneyError(f"金额不是有限数：{value}")
        amount = value * UNIT_FACTORS[default_unit]
    elif isinstance(value, str):
        amount = _parse_money_text(value, default_unit)
    else:
        raise MoneyError(f"金额应为数字，实际为{type(value).__name__}")
    return _check_places(amount, value)


def _parse_money_text(text: str, default_unit: str) -> Decimal:
    cleaned = normalise_digits(text)
    unit = default_unit
    for suffix in _SUFFIXES:
        if cleaned.endswith(suffix):
            unit, cleaned = suffix, cleaned[: -len(suffix)]
            break
    if not cleaned:
        raise MoneyError("应为金额", wanted="金额")
    try:
        number = parse_decimal(cleaned)
    except MoneyError:
        raise MoneyError("应为金额", wanted="金额") from None
    return number * UNIT_FACTORS[unit]


def _check_places(amount: Decimal, original: object) -> Decimal:
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_PLACES:
        raise MoneyError(f"金额『{original}』精度超过1分（最多{MAX_PLACES}位万元小数）")
    return amount


def quantize2(value: Decimal) -> Decimal:
    """Round half-up to two decimals, the precision every form displays.

    The rounding is passed by position: a keyword argument makes the C method parse a
    keyword dict, ~1,500 machine instructions against ~500 (the engine rounds every project).
    """
    return value.quantize(CENT, ROUND_HALF_UP)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Part ÷ whole in percent, rounded half-up to two decimals as forms show rates.

    None when either figure is missing or the whole is zero: a rate that cannot be
    computed is absent, never 0. The execution rate (全年执行数 ÷ 全年预算数) of the
    dashboard, the reports and the checks all come from here.
    """
    if part is None or whole is None or whole == 0:
        return None
    return quantize2(part / whole * HUNDRED)


def fmt_money(value: Decimal) -> str:
    """Display an amount in 万元 with two decimals and no grouping ("5465.60")."""
    return f"{quantize2(value):.2f}"


def fmt_number(value: Decimal) -> str:
    """Display a count or rate without trailing zeros ("96.1", "2494")."""
    return f"{value.normalize():f}"


def differs(a: Decimal, b: Decimal, tolerance: Decimal = DEFAULT_TOLERANCE) -> bool:
    """Whether two amounts differ by more than the tolerance (0.01 万元 by default)."""
    return abs(a - b) > tolerance


def written_tolerance(places: int, factor: Decimal = Decimal(1)) -> Decimal:
    """The one tolerance, for an amount written with `places` decimals in a unit of `factor` 万元.

    Why: a figure written with decimals covers whatever rounds to it at its last digit, so
    "1.2亿元" (one place) covers 1.15–1.25 亿元 and agrees with 6000 + 6300 万元. Two or more
    places (the forms' usage) keep the default 0.01 of the unit. A whole number is taken as
    exact: reports write round amounts ("30万元") without decimals, not rounded ones.
    """
    if places <= 0:
        return DEFAULT_TOLERANCE * factor
    return max(DEFAULT_TOLERANCE, Decimal(5).scaleb(-places - 1)) * factor


def stated_places(stated: Decimal) -> int:
    """Decimal places a stated figure was written with ("96.10" → 2, "96" → 0)."""
    exponent = stated.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rate_agrees(
    stated: Decimal,
    computed: Decimal,
    *,
    places: int | None = None,
    rounding: str = ROUND_HALF_UP,
) -> bool:
    """Whether `computed` rounds to `stated` at the precision the figure was stated with.

    The one rate-agreement rule of the project (the checks and the auditor both call it):
    a published rate is the computed one rounded half-up to the places it was written
    with, so 96.13 states as 96.1 and agrees, while 96.19 does not (it rounds to 96.2).
    `places` overrides the precision when the caller knows the text ("95.00" as written
    keeps two places even after parsing); `rounding` exists for a region whose forms
    truncate, never as a second chance.
    """
    digits = stated_places(stated) if places is None else places
    quantum = Decimal(1).scaleb(-digits)
    try:
        return computed.quantize(quantum, rounding=rounding) == stated.quantize(quantum)
    except InvalidOperation:
        return False
