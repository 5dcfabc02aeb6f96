"""The problem-code catalogue: the only home of user-facing message text.

Each theme module in this package declares its codes with `register(...)`; every module
in the package is imported on first use, so a new theme (the auditor, scoring, Excel)
adds a module and touches nothing else. docs/problem-codes.md is generated from here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

__all__ = ["NUMBER_HINT", "Code", "all_codes", "lookup", "register"]

NUMBER_HINT = (
    "填写阿拉伯数字，如 1234.56，可带千分位逗号或用全角数字；"
    "金额默认以万元为单位，也可写“120000元”“1.2亿元”；比率可写“97.74”或“97.74%”。"
)
"""The one hint for a value that is not a number, in a form field, a data file or a cell."""


@dataclass(frozen=True, slots=True)
class Code:
    """A catalogue entry: stable ASCII code, default severity and Chinese text.

    `template` and `hint` are `str.format` templates over the parameters the emitting
    check passes; `tags` let a user pick or skip groups of codes.
    """

    code: str
    severity: str
    title: str
    template: str
    hint: str = ""
    tags: tuple[str, ...] = ()


_CATALOGUE: dict[str, Code] = {}
_loaded = False


def register(*codes: Code) -> None:
    """Add codes to the catalogue; a duplicate code is a programming error."""
    for entry in codes:
        if entry.code in _CATALOGUE and _CATALOGUE[entry.code] != entry:
            raise ValueError(f"duplicate problem code {entry.code}")
        if entry.severity not in {"error", "warning", "info"}:
            raise ValueError(f"bad severity for {entry.code}: {entry.severity}")
        _CATALOGUE[entry.code] = entry


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _loaded = True


def lookup(code: str) -> Code:
    """The catalogue entry for a code; unknown codes are a programming error."""
    entry = _CATALOGUE.get(code) if _loaded else None
    if entry is not None:
        return entry  # every finding looks its code up: one dict read once all are loaded
    _load_all()
    try:
        return _CATALOGUE[code]
    except KeyError:
        raise KeyError(f"problem code not in catalogue: {code}") from None


def all_codes() -> list[Code]:
    """Every registered code, sorted by code."""
    _load_all()
    return sorted(_CATALOGUE.values(), key=lambda c: c.code)
