"""Cell values ↔ model values, one kind at a time (layout.Kind).

Why floats are handled here and nowhere else: both readers hand numeric cells over as
binary floats, and the model refuses floats because they have already lost the decimal
the user typed. A float's shortest repr is the decimal Excel displays (3122.21, never
3122.2100000000000364), so `Decimal(repr(x))` recovers what was typed; a sum computed
by a formula may carry binary noise (5465.599999999999), so the result is rounded to the
model's precision of six decimals (one 分 is 0.000001 万元). Writing goes the other way
only when the float reproduces the Decimal exactly; otherwise the cell gets the digits as
text, which the importer reads back exactly, so an export never loses a digit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from jixiao.core.model import Grade
from jixiao.core.money import MAX_PLACES, MoneyError, fmt_number, parse_money, parse_quantity
from jixiao.core.targets import parse_comparator
from jixiao.core.types import NOT_DISCLOSED
from jixiao.formats.excel.layout import COMPARATOR_CHOICES, GRADE_CHOICES, Kind

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "SLOW",
    "CellError",
    "Read",
    "fast_reader",
    "fast_text",
    "from_float",
    "is_blank",
    "read_cell",
    "to_cell",
]

_PLACES = Decimal(1).scaleb(-MAX_PLACES)
_WITHHELD = {NOT_DISCLOSED, "涉密", "不公开"}
_TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "对"}
_FALSE = {"否", "n", "no", "false", "0", "×", "✗", "错"}
_EXPECTED = {
    Kind.MONEY: "数字（万元）",
    Kind.DISCLOSABLE: "数字（万元）或“未公开”",
    Kind.QUANTITY: "数字",
    Kind.COUNT: "整数",
    Kind.YEAR: "四位年份",
}


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; carries the problem to raise."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Read:
    """A converted cell: the model value and, when text was read as a number, what it became."""

    value: Any
    interpreted: tuple[str, str] | None = None


def is_blank(value: object) -> bool:
    """Empty cell: None or only whitespace (calamine gives '' for empty cells)."""
    return value is None or (isinstance(value, str) and not value.strip())


def from_float(value: float) -> Decimal:
    """A float cell as the decimal the user typed (see the module docstring)."""
    if not math.isfinite(value):
        raise ValueError(value)
    text = repr(value)
    if text.endswith(".0"):  # a whole number: typed 8, never "8.0" in a message
        text = text[:-2]
    dot = text.find(".")
    if "e" not in text and (dot < 0 or len(text) - dot - 1 <= MAX_PLACES):
        return Decimal(text)  # the common case, without Decimal arithmetic
    number = Decimal(text)
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PLACES:
        number = number.quantize(_PLACES, rounding=ROUND_HALF_UP)
    return number


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _number(value: object, kind: Kind) -> Read:
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise CellError("excel.not-a-number", wanted=_EXPECTED[kind], value=_shown(value))
    if isinstance(value, int):
        return Read(Decimal(value))
    if isinstance(value, float):
        try:
            return Read(from_float(value))
        except ValueError:
            raise CellError(
                "excel.not-a-number", wanted=_EXPECTED[kind], value=_shown(value)
            ) from None
    text = str(value).strip()
    if kind is Kind.DISCLOSABLE and text in _WITHHELD:
        return Read(NOT_DISCLOSED)
    try:
        if kind is not Kind.QUANTITY:
            number = parse_money(text)
            return Read(number, (fmt_number(number), "万元"))
        number, unit = parse_quantity(text)
        return Read(number, (fmt_number(number), unit))
    except MoneyError:
        raise CellError("excel.not-a-number", wanted=_EXPECTED[kind], value=_shown(value)) from None


def _integer(value: object, kind: Kind) -> Read:
    read = _number(value, Kind.QUANTITY)
    number = read.value
    if number != number.to_integral_value() or number < 0:
        raise CellError("excel.not-a-number", wanted=_EXPECTED[kind], value=_shown(value))
    return Read(int(number), read.interpreted)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return fmt_number(from_float(value)) if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _choice(value: object, choices: tuple[str, ...]) -> CellError:
    return CellError("excel.invalid-choice", choices="、".join(choices), value=_shown(value))


def _bool(value: object) -> Read:
    if isinstance(value, bool):
        return Read(value)
    key = _text(value).lower()
    if key in _TRUE:
        return Read(True)
    if key in _FALSE:
        return Read(False)
    raise _choice(value, ("是", "否"))


def _comparator(value: object) -> Read:
    try:
        return Read(parse_comparator(unicodedata.normalize("NFKC", _text(value))).value)
    except ValueError:
        try:
            return Read(parse_comparator(_text(value)).value)
        except ValueError:
            raise _choice(value, COMPARATOR_CHOICES) from None


def _grade(value: object) -> Read:
    try:
        return Read(Grade.parse(_text(value)).value)
    except ValueError:
        raise _choice(value, GRADE_CHOICES) from None


def _actual(value: object) -> Read:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value, Kind.QUANTITY)
    return Read(_text(value))


_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def _month(value: object) -> Read:
    """A 年月 as the model writes it ("2025-01"): from a date cell or "2025年1月", "2025/1".

    Excel turns a typed 2025-01 into a date, so dates are the usual case. A number such as
    2025.1 is left as text: it may have been typed 2025.10, so guessing would change it;
    the model then reports the cell with the form it wants, and the text is kept.
    """
    if isinstance(value, dt.date):
        return Read(f"{value.year:04d}-{value.month:02d}")
    text = _text(value)
    found = _MONTH.fullmatch(text) if isinstance(value, str) else None
    if found and 1 <= int(found[2]) <= 12:
        return Read(f"{found[1]}-{int(found[2]):02d}")
    return Read(text)


def read_cell(value: object, kind: Kind) -> Read:
    """Convert a non-blank cell for a column of `kind`; raises CellError when it cannot."""
    return _READERS[kind](value, kind)


_READERS: dict[Kind, Callable[[object, Kind], Read]] = {
    Kind.MONEY: _number,
    Kind.DISCLOSABLE: _number,
    Kind.QUANTITY: _number,
    Kind.COUNT: _integer,
    Kind.YEAR: _integer,
    Kind.BOOL: lambda v, _k: _bool(v),
    Kind.COMPARATOR: lambda v, _k: _comparator(v),
    Kind.GRADE: lambda v, _k: _grade(v),
    Kind.ACTUAL: lambda v, _k: _actual(v),
    Kind.KEY: lambda v, _k: Read(unicodedata.normalize("NFKC", _text(v))),
    Kind.MONTH: lambda v, _k: _month(v),
    Kind.TEXT: lambda v, _k: Read(_text(v)),
    Kind.LONGTEXT: lambda v, _k: Read(_text(v)),
}


SLOW: Any = object()
"""What a `fast_reader` returns for a cell it leaves to `read_cell` (text read as a number,
a value that cannot be read …): the caller then reports what `read_cell` says."""
_MEMO_SIZE = 4096
_CHOSEN = (Kind.KEY, Kind.BOOL, Kind.GRADE, Kind.COMPARATOR, Kind.COUNT, Kind.YEAR, Kind.MONTH)


def fast_text(value: object) -> Any:
    """The text columns' fast reader (the importer inlines its test for the usual cell)."""
    return value.strip() if type(value) is str else SLOW


def _fast_number() -> Callable[[object], Any]:
    """A reader for the numbers of one column that converts each float once.

    0.0 and -0.0 are equal keys but different Decimals, so zero is never remembered.
    """
    seen: dict[float, Decimal] = {}

    def read(value: object) -> Any:
        kind = type(value)
        if kind is float:
            found = seen.get(value)  # type: ignore[call-overload]
            if found is not None:
                return found
            try:
                number = from_float(value)  # type: ignore[arg-type]
            except ValueError:
                return SLOW
            if value and len(seen) < _MEMO_SIZE:
                seen[value] = number  # type: ignore[index]
            return number
        return Decimal(value) if kind is int else SLOW  # type: ignore[arg-type]

    return read


def _fast_actual() -> Callable[[object], Any]:
    number = _fast_number()
    return lambda value: value.strip() if type(value) is str else number(value)


def _memo(kind: Kind) -> Callable[[object], Any]:
    """read_cell for a kind with few distinct values (是/否, ≥, 优 …), remembered by value."""
    seen: dict[tuple[type, object], Any] = {}

    def read(value: object) -> Any:
        key = (type(value), value)  # True == 1 == 1.0, but they read differently
        found = seen.get(key, SLOW)
        if found is not SLOW:
            return found
        try:
            read = read_cell(value, kind)
        except CellError:
            return SLOW
        if read.interpreted is not None:
            return SLOW
        if len(seen) < _MEMO_SIZE and value == value and (value or type(value) is not float):
            seen[key] = read.value  # not 0.0: -0.0 is an equal key that reads differently
        return read.value

    return read


def fast_reader(kind: Kind) -> Callable[[object], Any]:
    """`read_cell(value, kind).value` for the cells a large workbook is made of, or SLOW.

    Why: a province's workbook has millions of cells, nearly all plain text, numbers and
    a handful of choices; for those this skips the Read wrapper and the dispatch, and
    gives exactly what `read_cell` gives. Everything else (text to be read as a number,
    a bad value) returns SLOW, and the caller asks `read_cell`, which explains.
    """
    if kind in (Kind.TEXT, Kind.LONGTEXT):
        return fast_text
    if kind in (Kind.MONEY, Kind.DISCLOSABLE, Kind.QUANTITY):
        return _fast_number()
    if kind is Kind.ACTUAL:
        return _fast_actual()
    assert kind in _CHOSEN, kind
    return _memo(kind)


def to_cell(value: object) -> Any:
    """A model value as written to a cell: numbers stay numbers when exact, else text."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        as_float = float(value)
        exact = isinstance(exponent, int) and exponent >= -MAX_PLACES
        if exact and math.isfinite(as_float) and Decimal(repr(as_float)) == value:
            return (
                int(value)
                if value == value.to_integral_value() and abs(value) < 2**53
                else as_float
            )
        return f"{value:f}"
    return value
