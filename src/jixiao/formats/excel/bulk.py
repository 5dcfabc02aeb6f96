"""Table rows written straight into the sheet XML at save time, their strings shared.

Why not openpyxl for them: a cell object per value (style lookups, type inference, one
XML element each) cost ~12 s of CPU to export 2,000 projects, and openpyxl writes every
string inline with each CJK character escaped as `&#NNNNN;` (8 bytes), so a
20,000-project unit's 绩效指标 XML came to ~242 MB — next to the 256 MB entry limit the
importer's safety scan enforces, so a big unit's export might not re-import.

openpyxl still writes all the rest (named styles, dropdowns, conditional formats,
defined names, protection, column widths, print setup, hidden sheets) from a frame in
which each table sheet holds only its header row; `save` copies that package and
splices each table's rows into its sheet XML: strings once in `sharedStrings.xml`,
UTF-8, and each computed column as one shared formula (the first data row's formula,
which Excel, WPS, LibreOffice and openpyxl's reader shift down the column).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Bulk", "BulkColumn", "TableRows"]

MAX_TEXT = 32_767
"""Excel's longest cell text; longer text is cut, as openpyxl cuts it."""
_CHUNK_ROWS = 2_000
_STRINGS_PART = "xl/sharedStrings.xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # a bare CR would be read back as LF
    return text


def _clean(text: str) -> str:
    """Text as a cell can hold it: no XML-illegal control characters, at most MAX_TEXT."""
    if not text.isprintable():
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_TEXT] if len(text) > MAX_TEXT else text


@dataclass(frozen=True)
class BulkColumn:
    """How one table column is written: its cell style (a cellXfs index) and formula.

    `computed` columns hold `formula` (for the first data row, without "="; "" leaves
    the styled cell empty) down to the table's last row, spare rows included.
    """

    style: int
    computed: bool = False
    formula: str = ""


@dataclass
class TableRows:
    """A table sheet's data rows (values in column order) and how each column is written.

    `last` is the last sheet row that gets the computed columns (data plus spare rows);
    `height` gives a data row's fitted height (None: the default).
    """

    rows: list[list[Any]]
    columns: list[BulkColumn]
    last: int
    height: Callable[[list[Any]], float | None] | None = None


class _Strings:
    """The shared string table: each distinct text once, cells refer to it by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.uses = 0

    def __call__(self, text: str) -> int:
        self.uses += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def chunks(self) -> Iterator[bytes]:
        yield (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN_NS}" '
            f'count="{self.uses}" uniqueCount="{len(self.index)}">'
        ).encode()
        parts: list[str] = []
        for text in self.index:
            space = ' xml:space="preserve"' if text != text.strip() else ""
            parts.append(f"<si><t{space}>{_escape(text)}</t></si>")
            if len(parts) >= _CHUNK_ROWS * 8:
                yield "".join(parts).encode("utf-8", "replace")
                parts.clear()
        parts.append("</sst>")
        yield "".join(parts).encode("utf-8", "replace")


def _value(ref: str, style: int, value: Any, strings: _Strings) -> str:
    """One value cell: text shared, a number as its shortest exact decimal (else as text)."""
    kind = type(value)
    if value is None or value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if kind is int or (kind is float and math.isfinite(value)):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    if kind is not str:
        value = str(value)
    return f'<c r="{ref}" s="{style}" t="s"><v>{strings(_clean(value))}</v></c>'


def _frame_cell(cell: Any, style: int, strings: _Strings) -> str:
    """A cell the frame placed below a table's header (the 支出经济分类 check panel)."""
    ref = f"{get_column_letter(cell.column)}{cell.row}"
    value = cell.value
    if cell.data_type == "f" and isinstance(value, str) and value.startswith("="):
        return f'<c r="{ref}" s="{style}"><f>{_escape(value[1:])}</f></c>'
    return _value(ref, style, value, strings)


@dataclass
class _Sheet:
    table: TableRows
    frame: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    """Cells the frame had below the header: row → (column, cell XML)."""
    end: int = 1
    """The last sheet row written."""
    dimension: str = ""


def _row_xml(
    sheet: _Sheet, r: int, values: list[Any] | None, letters: list[str], strings: _Strings
) -> str:
    table = sheet.table
    cells: list[str] = []
    add = cells.append
    for c, column in enumerate(table.columns):
        if column.computed:
            ref = f"{letters[c]}{r}"
            if not column.formula:
                add(f'<c r="{ref}" s="{column.style}"/>')
            elif r == 2:
                add(f'<c r="{ref}" s="{column.style}"><f t="shared" ref="{ref}:'
                    f'{letters[c]}{table.last}" si="{c}">{_escape(column.formula)}</f></c>')  # fmt: skip
            else:
                add(f'<c r="{ref}" s="{column.style}"><f t="shared" si="{c}"/></c>')
        elif values is not None:
            add(_value(f"{letters[c]}{r}", column.style, values[c], strings))
    height = table.height(values) if values is not None and table.height is not None else None
    extra = sheet.frame.get(r)
    if extra:  # the frame's cells interleave with the row's by column (rarely: a panel)
        columns = [c for c, column in enumerate(table.columns)
                   if column.computed or values is not None]  # fmt: skip
        cells = [xml for _c, xml in sorted([*zip(columns, cells, strict=True), *extra])]
    if not cells:
        return ""
    attrs = f' ht="{height:g}" customHeight="1"' if height else ""
    return f'<row r="{r}"{attrs}>' + "".join(cells) + "</row>"


def _rows(sheet: _Sheet, strings: _Strings) -> Iterator[bytes]:
    table = sheet.table
    width = max([len(table.columns), *(c + 1 for cells in sheet.frame.values() for c, _ in cells)])
    letters = [get_column_letter(c + 1) for c in range(width)]
    parts: list[str] = []
    for r in range(2, sheet.end + 1):
        values = table.rows[r - 2] if r - 2 < len(table.rows) else None
        parts.append(_row_xml(sheet, r, values, letters, strings))
        if len(parts) >= _CHUNK_ROWS:
            yield "".join(parts).encode("utf-8", "replace")
            parts.clear()
    yield "".join(parts).encode("utf-8", "replace")


class Bulk:
    """A rendered workbook: the openpyxl frame and, per table sheet, the rows to splice in."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._sheets: dict[str, _Sheet] = {}

    def style(self, array: Any) -> int:
        """The cellXfs index of a style array (a named style's), registered in the frame."""
        index: int = self.book._cell_styles.add(array)  # type: ignore[attr-defined]
        return index

    def add(self, ws: Worksheet, table: TableRows) -> None:
        """Rows for a table sheet whose frame holds only its header (and panels)."""
        self._sheets[ws.title] = _Sheet(table)

    def _take_frame_cells(self, strings: _Strings) -> None:
        """Move the frame's cells below each table's header into the streamed rows."""
        for title, sheet in self._sheets.items():
            ws, table = self.book[title], sheet.table
            computed = any(c.computed for c in table.columns)
            sheet.end = max(table.last if computed else len(table.rows) + 1, ws.max_row)
            cols = max(len(table.columns), ws.max_column)
            sheet.dimension = f"A1:{get_column_letter(cols)}{sheet.end}"
            below = [key for key in ws._cells if key[0] > 1]
            for key in sorted(below):
                cell: Any = ws._cells.pop(key)
                xml = _frame_cell(cell, self.style(cell._style), strings)
                sheet.frame.setdefault(key[0], []).append((key[1] - 1, xml))

    def save(self, path: Path) -> None:
        """Write the workbook; the caller reports OSError."""
        strings = _Strings()
        self._take_frame_cells(strings)
        frame = io.BytesIO()
        self.book.save(frame)
        parts = {ws.path.lstrip("/"): self._sheets[ws.title] for ws in self.book.worksheets
                 if ws.title in self._sheets}  # fmt: skip
        with (
            zipfile.ZipFile(frame) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                sheet = parts.get(info.filename)
                if sheet is None:
                    out.writestr(info.filename, _patched(info.filename, data))
                    continue
                with out.open(_entry(info.filename, info), "w", force_zip64=True) as handle:
                    head, tail = _split(data, sheet.dimension)
                    handle.write(head)
                    for chunk in _rows(sheet, strings):
                        handle.write(chunk)
                    handle.write(tail)
            with out.open(_entry(_STRINGS_PART, info), "w", force_zip64=True) as handle:
                for chunk in strings.chunks():
                    handle.write(chunk)


def _entry(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A streamed zip entry dated and compressed like the frame's own entries."""
    entry = zipfile.ZipInfo(name, date_time=like.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _patched(name: str, data: bytes) -> bytes:
    """Content types and workbook relationships name the shared strings part."""
    if name == "[Content_Types].xml":
        entry = f'<Override PartName="/{_STRINGS_PART}" ContentType="{_STRINGS_TYPE}"/>'
        return data.replace(b"</Types>", entry.encode() + b"</Types>")
    if name == "xl/_rels/workbook.xml.rels":
        entry = f'<Relationship Type="{_STRINGS_REL}" Target="sharedStrings.xml" Id="rIdStrings"/>'
        return data.replace(b"</Relationships>", entry.encode() + b"</Relationships>")
    return data


def _split(data: bytes, dimension: str) -> tuple[bytes, bytes]:
    """The frame's sheet XML around the point after its header row, dimension corrected."""
    data = _DIMENSION.sub(f'<dimension ref="{dimension}"/>'.encode(), data, count=1)
    at = data.find(b"</sheetData>")
    if at < 0:
        at = data.index(b"<sheetData/>")
        return data[:at] + b"<sheetData>", b"</sheetData>" + data[at + len(b"<sheetData/>") :]
    return data[:at], data[at:]
