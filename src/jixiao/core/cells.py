"""Spreadsheet cells the app writes: text that a spreadsheet would run as a formula.

Why one place: a unit named `=HYPERLINK("http://…","点击")` became a live formula in the
finance dashboard's export. Excel, WPS and LibreOffice start a formula at "=", "+", "-"
or "@", and a leading tab or carriage return hides such a start from a naive check. Every
CSV and xlsx the app writes passes its values through `neutral` (a "'" before such text,
the usual guard: spreadsheets show the text, not a result); the fill-in template, whose
text must come back unchanged on import, stores such text as a typed string instead
(`formula_like` decides for both).
"""

from __future__ import annotations

import re
from typing import TypeVar

__all__ = ["FORMULA_STARTS", "formula_like", "neutral"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_T = TypeVar("_T")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def formula_like(text: str) -> bool:
    """Text a spreadsheet would read as a formula; plain numbers such as -1.5 are not."""
    return text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None


def neutral(value: _T) -> _T | str:
    """The value to write into a cell: formula-like text gets a leading "'"."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value
