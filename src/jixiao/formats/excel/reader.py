"""Cell values out of a workbook: python-calamine first, openpyxl when calamine fails.

Why two readers: calamine (Rust) reads a 20,000-row sheet in a fraction of the time and
memory openpyxl needs, and returns each formula cell's cached value; openpyxl copes with
a few files calamine rejects. Both only ever read values — no formula is evaluated and
no macro runs. Each sheet is read until EMPTY_RUN consecutive empty rows, so a file with
a million formatted but empty rows costs no more than its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jixiao.core.problems import Location, make
from jixiao.formats.source import UnreadableError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

__all__ = ["BACKENDS", "EMPTY_RUN", "MAX_COLUMNS", "Grid", "read_grids"]

EMPTY_RUN = 1000
MAX_COLUMNS = 64
BACKENDS = ("calamine", "openpyxl")


@dataclass
class Grid:
    """A sheet's values as rows of cells (row 0 is sheet row 1); None for empty."""

    rows: list[list[Any]]
    stopped: bool = False

    def value(self, row: int, col: int) -> Any:
        """The value at 0-based (row, col), None outside the data."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _take(rows: Iterable[Iterable[Any]], offset: int = 0) -> Grid:
    """Rows until a run of EMPTY_RUN empty ones; trailing empty rows dropped."""
    kept: list[list[Any]] = []
    last = -1
    run = 0
    pad = [None] * offset
    for raw in rows:
        row = pad + [None if _blank(v) else v for v in list(raw)[: MAX_COLUMNS - offset]]
        if any(v is not None for v in row):
            run = 0
            last = len(kept)
        else:
            run += 1
            if run >= EMPTY_RUN:
                del kept[last + 1 :]
                return Grid(kept, stopped=True)
        kept.append(row)
    del kept[last + 1 :]
    return Grid(kept)


def _calamine(path: Path, names: set[str]) -> dict[str, Grid]:
    from python_calamine import CalamineWorkbook

    grids: dict[str, Grid] = {}
    book = CalamineWorkbook.from_path(str(path))
    try:
        for name in book.sheet_names:
            if name in names:
                sheet = book.get_sheet_by_name(name)
                # iter_rows starts at sheet row 1 but at the first used column.
                grids[name] = _take(sheet.iter_rows(), offset=sheet.start[1] if sheet.start else 0)
    finally:
        book.close()
    return grids


def _openpyxl(path: Path, names: set[str]) -> dict[str, Grid]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return {
            name: _take(book[name].iter_rows(values_only=True, max_col=MAX_COLUMNS))
            for name in book.sheetnames
            if name in names
        }
    finally:
        book.close()


def _attempts(backend: str) -> Iterator[str]:
    if backend == "auto":
        yield from BACKENDS
    else:
        yield backend


def read_grids(path: Path, names: set[str], backend: str = "auto") -> dict[str, Grid]:
    """Values of the named sheets; raises UnreadableError when no reader can open the file.

    The file has passed `safety.inspect` first, so sizes are bounded before parsing.
    """
    reasons: list[str] = []
    for name in _attempts(backend):
        try:
            return _calamine(path, names) if name == "calamine" else _openpyxl(path, names)
        except Exception as exc:
            reasons.append(f"{name}: {type(exc).__name__}: {str(exc)[:120]}")
    raise UnreadableError(
        make("excel.unreadable", Location(file=str(path)), reason="；".join(reasons))
    )
