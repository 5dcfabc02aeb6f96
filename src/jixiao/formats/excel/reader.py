"""Cell values out of a workbook, one row at a time: python-calamine first, openpyxl after.

Why two readers: calamine (Rust) parses a 200,000-row sheet in a fraction of the time and
memory openpyxl needs, and returns each formula cell's cached value; openpyxl copes with
a few files calamine rejects. Both only ever read values — no formula is evaluated and
no macro runs. Why rows: a province's workbook has millions of cells, and a grid of
Python values for all of them (then a copy as plain data, then the model) is what made a
large import take gigabytes. `Sheets.rows` hands the importer one row at a time, already
normalised (blank → None, at most MAX_COLUMNS), so each row becomes data and is dropped.
Each sheet is read until EMPTY_RUN consecutive empty rows, so a file with a million
formatted but empty rows costs no more than its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

__all__ = [
    "BACKENDS",
    "EMPTY_RUN",
    "MAX_COLUMNS",
    "Grid",
    "ReaderFailed",
    "Rows",
    "Sheets",
    "attempts",
]

EMPTY_RUN = 1000
MAX_COLUMNS = 64
BACKENDS = ("calamine", "openpyxl")


class ReaderFailed(Exception):
    """The spreadsheet library could not read the file (the importer tries the next one)."""

    def __init__(self, backend: str, exc: BaseException) -> None:
        super().__init__(f"{backend}: {type(exc).__name__}: {str(exc)[:120]}")


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


class Rows:
    """A sheet's rows in order (row 0 is sheet row 1), each a fresh list; None for empty.

    Empty rows are held back until a row with a value follows, so trailing empty rows are
    never yielded, and reading stops after EMPTY_RUN of them in a row (`stopped`).
    `count` is the number of rows yielded so far.
    """

    def __init__(self, raw: Iterable[Iterable[Any]], backend: str, offset: int = 0) -> None:
        self._raw = raw
        self._backend = backend
        self._offset = offset
        self.count = 0
        self.stopped = False

    def __iter__(self) -> Iterator[list[Any]]:
        pad: list[Any] = [None] * self._offset
        width = MAX_COLUMNS - self._offset
        held = 0
        source = iter(self._raw)
        while True:
            try:
                raw = next(source)
            except StopIteration:
                return
            except Exception as exc:  # the library's own failure, not ours
                raise ReaderFailed(self._backend, exc) from exc
            if type(raw) is not list and type(raw) is not tuple:
                raw = list(raw)
            values = raw if len(raw) <= width else raw[:width]  # no copy for the usual row
            # blank (None, "" or only spaces) → None; a str that strips to "" is blank
            row = [None if v.__class__ is str and not v.strip() else v for v in values]
            if pad:
                row[:0] = pad
            if row.count(None) == len(row):
                held += 1
                if held >= EMPTY_RUN:
                    self.stopped = True
                    return
                continue
            for _ in range(held):
                self.count += 1
                yield []
            held = 0
            self.count += 1
            yield row


class Sheets:
    """An open workbook: `rows(name)` streams a sheet; `names` are its sheet names."""

    def __init__(self, path: Path, backend: str) -> None:
        self.backend = backend
        self._book: Any = None
        try:
            if backend == "calamine":
                from python_calamine import CalamineWorkbook

                self._book = CalamineWorkbook.from_path(str(path))
                self.names: list[str] = list(self._book.sheet_names)
            else:
                from openpyxl import load_workbook

                self._book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
                self.names = list(self._book.sheetnames)
        except Exception as exc:
            self.close()
            raise ReaderFailed(backend, exc) from exc

    def rows(self, name: str) -> Rows | None:
        """The sheet's rows, or None when the workbook has no such sheet."""
        if name not in self.names:
            return None
        try:
            if self.backend == "calamine":
                sheet = self._book.get_sheet_by_name(name)
                # iter_rows starts at sheet row 1 but at the first used column.
                return Rows(sheet.iter_rows(), self.backend, sheet.start[1] if sheet.start else 0)
            raw = self._book[name].iter_rows(values_only=True, max_col=MAX_COLUMNS)
            return Rows(raw, self.backend)
        except Exception as exc:
            raise ReaderFailed(self.backend, exc) from exc

    def close(self) -> None:
        """Release the file (calamine's Rust buffers, openpyxl's archive)."""
        if self._book is not None:
            book, self._book = self._book, None
            try:
                book.close()
            except Exception:  # closing a half-opened book must not hide the real failure
                return

    def __enter__(self) -> Sheets:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def attempts(backend: str) -> tuple[str, ...]:
    """The readers to try in order for `backend` ("auto" tries all)."""
    return BACKENDS if backend == "auto" else (backend,)
