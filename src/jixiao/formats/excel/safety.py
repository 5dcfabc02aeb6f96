"""Look at a workbook before any parser touches it: kind, size, bombs, hidden rows.

Why: an .xlsx is a zip of XML, and a few kilobytes can inflate to gigabytes; a parser
given such a file allocates first and fails later (or never). So the package is checked
entry by entry — declared sizes and ratios first, then the actual inflated bytes are
counted while streaming, aborting at the limit (headers can lie). The same pass reads
what the value readers do not report: hidden rows, merged ranges, the sheet's declared
extent and whether the workbook carries macros — and where the values actually are:
a value reader allocates the box from A1 to the farthest value cell, so one value at
XFD1048576 asks for half a terabyte. Every value cell's reference is read from the XML
stream and checked against the sheet's `Extent` before any reader sees the file; the
same count is held to a caller's cap (the web's unit cap) as it goes. Old .xls files and password-protected
workbooks share the OLE container format and are told apart by their stream names.
"""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree  # type: ignore[import-untyped]
from openpyxl.utils import column_index_from_string, get_column_letter

from jixiao.core.problems import Location, make
from jixiao.formats.limits import MAX_WORKBOOK_BYTES as MAX_FILE_BYTES
from jixiao.formats.source import UnreadableError, os_reason

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = [
    "MAX_ENTRY_BYTES",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "Extent",
    "Package",
    "SheetInfo",
    "inspect",
]

MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
"""Real sheet XML compresses 5–20×; a ratio above 200 on a large entry is a bomb."""
MAX_ENTRIES = 10_000
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]+)"')
_VALUE_CELL = re.compile(rb"<(?:\w+:)?c(?:\s[^>]*)?(?<!/)>")
"""A cell tag that is not self-closing, i.e. may hold a value (empty styled cells are `<c …/>`)."""
_PLACED_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>')
_USUAL_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*>')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,7})"')
MAX_CELLS = 5_000_000
"""Value cells in all read sheets: 200,000 indicator rows × 15 columns is 3 million."""
MAX_BOX = 8_000_000
"""Rows × columns from A1 to each sheet's farthest value, summed over the read sheets:
what the readers allocate (calamine ~32 bytes a slot per sheet, the grids 8 bytes)."""


@dataclass(frozen=True)
class Extent:
    """How far a sheet's values may reach: the template's extent plus a margin."""

    rows: int
    cols: int


def _col_number(letters: bytes) -> int:
    """The column number of letters read from the XML (at most three, A–Z: the patterns')."""
    return column_index_from_string(letters.decode("ascii"))


@dataclass
class SheetInfo:
    """What the value readers do not tell: hidden rows, merged ranges, declared extent."""

    name: str
    part: str
    hidden_rows: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    dimension: str = ""
    extent: Extent | None = None
    max_row: int = 0
    max_col: int = 0
    cells: int = 0


@dataclass
class Package:
    """An inspected workbook: its sheets by name and whether it carries macros."""

    sheets: dict[str, SheetInfo]
    macros: bool = False


def _fail(code: str, file: str, **params: Any) -> UnreadableError:
    cell = params.get("cell")
    return UnreadableError(make(code, Location(file=file, cell=cell), **params))


def _ole_kind(path: Path, file: str) -> UnreadableError:
    """An OLE container: encrypted OOXML (EncryptedPackage stream) or a legacy .xls."""
    data = path.read_bytes()
    if (
        "EncryptedPackage".encode("utf-16-le") in data
        or "EncryptionInfo".encode("utf-16-le") in data
    ):
        return _fail("excel.encrypted", file)
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return _fail("excel.legacy-xls", file)
    return _fail("excel.not-a-workbook", file, reason="是 OLE 复合文档，但不是 Excel 工作簿")


def _first_bytes(path: Path, file: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(
                "excel.too-large",
                file,
                entry="整个文件",
                reason=f"大小为 {size} 字节",
                limit="100 MB",
            )
        with path.open("rb") as handle:
            return handle.read(512)
    except OSError as exc:
        raise _fail("excel.unreadable", file, reason=os_reason(exc)) from None


def _sniff(head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        return "内容是网页或 XML 表格（常见于系统导出的“伪 .xls”），请用 Excel 打开后另存为 .xlsx"
    if not head:
        return "文件为空"
    return "文件头不是 zip 压缩包（.xlsx 实际是一个 zip 文件）"


def _check_declared(archive: zipfile.ZipFile, file: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _fail(
            "excel.too-large",
            file,
            entry="压缩包",
            reason=f"含 {len(infos)} 个条目",
            limit=str(MAX_ENTRIES),
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_ENTRY_BYTES:
            raise _fail(
                "excel.too-large", file, entry=info.filename,
                reason=f"解压后为 {info.file_size} 字节", limit="256 MB",
            )  # fmt: skip
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise _fail(
                "excel.too-large", file, entry=info.filename,
                reason=f"压缩比为 {ratio:.0f}:1", limit=f"{MAX_RATIO}:1",
            )  # fmt: skip
    if total > MAX_TOTAL_BYTES:
        raise _fail(
            "excel.too-large",
            file,
            entry="全部条目",
            reason=f"解压后共 {total} 字节",
            limit="512 MB",
        )


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        data = _read_bounded(archive, name, "")
        return ElementTree.fromstring(data)
    except KeyError:
        return None


def _read_bounded(archive: zipfile.ZipFile, name: str, file: str) -> bytes:
    """Read a (small) entry, refusing more than the limit whatever its header claims."""
    out = bytearray()
    with archive.open(name) as handle:
        while chunk := handle.read(_CHUNK):
            out += chunk
            if len(out) > MAX_ENTRY_BYTES:
                raise _fail(
                    "excel.too-large", file, entry=name, reason="解压后过大", limit="256 MB"
                )
    return bytes(out)


def _sheet_parts(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Sheet name → zip part, from workbook.xml and its relationships."""
    try:
        book = _xml(archive, "xl/workbook.xml")
        rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    except ElementTree.ParseError as exc:
        raise _fail("excel.unreadable", file, reason=f"workbook.xml 无法解析（{exc}）") from None
    if book is None:
        raise _fail(
            "excel.not-a-workbook",
            file,
            reason="是 zip 压缩包，但其中没有 Excel 工作簿（可能是 Word 或 WPS 其他格式）",
        )
    targets: dict[str, str] = {}
    for rel in [] if rels is None else rels.findall("rel:Relationship", _NS):
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id", "")] = target
    parts: dict[str, str] = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        rid = sheet.get(f"{{{_NS['r']}}}id", "")
        parts[sheet.get("name", "")] = targets.get(rid, "")
    return parts


def _check_extent(info: SheetInfo, data: bytes, file: str) -> None:
    """Count the chunk's value cells and refuse one beyond the sheet's extent.

    Cells normally carry `r="B7"`; one without it sits after the previous cell of its
    row, so a chunk with unplaced value cells is bounded by its rows' numbers and by the
    count of value cells in a row (a conservative column).
    """
    if info.extent is None or _within(info, data):
        return
    placed, count = _value_cells(data)
    if not count:
        return
    info.cells += count
    letters, numbers = zip(*placed, strict=True) if placed else ((), ())
    rows = list(map(int, numbers))  # map/zip/set stay in C, no Python loop per cell
    far_col = max(map(_col_number, set(letters)), default=0)
    if len(placed) < count:  # unplaced cells: bounded by their row's number and cell count
        rows += [int(n) for n in _ROW_REF.findall(data)]
        far_col = max(far_col, *(len(_VALUE_CELL.findall(r)) for r in data.split(b"</row>")))
    far_row = max(rows, default=0)
    info.max_col = max(info.max_col, far_col)
    info.max_row = max(info.max_row, far_row)
    extent = info.extent
    if far_row > extent.rows or far_col > extent.cols:
        row, col = _first_outside(placed, extent) or (far_row, far_col)
        raise _fail(
            "excel.out-of-range",
            file,
            cell=f"{info.name}!{get_column_letter(max(col, 1))}{row}",
            sheet=info.name,
            reason=f"第 {row} 行、第 {col} 列",
            limit=f"{extent.rows} 行 × {extent.cols} 列",
        )


_USUAL_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d{0,6})"')
_FAST_TRIES = 64
_ROW_STEPS = 32
"""The fast path bounds a sheet's rows in steps of 1/32 of its extent (see `_within`)."""


def _up_to_digits(number: int) -> str:
    """A pattern for the row numbers 1 to `number` (digits, no leading zero)."""
    if number < 1:
        return "(?!)"
    digits = str(number)
    options = []  # as many digits first (most rows of a large sheet), then fewer
    for i, ch in enumerate(digits):
        low = 1 if i == 0 else 0
        if int(ch) > low:
            options.append(f"{digits[:i]}[{low}-{int(ch) - 1}]\\d{{{len(digits) - i - 1}}}")
    options.append(digits)
    if len(digits) > 1:
        options.append(f"[1-9]\\d{{0,{len(digits) - 2}}}+")
    return "(?:" + "|".join(options) + ")"


def _up_to_letters(number: int) -> str | None:
    """A pattern for the column letters of columns 1 to `number` (None past ZZ)."""
    if number < 1:
        return "(?!)"
    if number <= 26:
        return f"[A-{get_column_letter(number)}]"
    if number > 26 * 27:
        return None
    letters = get_column_letter(number)
    first, second = letters[0], letters[1]
    before = f"|[A-{chr(ord(first) - 1)}][A-Z]" if first > "A" else ""
    return f"(?:[A-Z]{before}|{first}[A-{second}])"


@functools.lru_cache(maxsize=256)
def _unusual(col: int, row: int) -> re.Pattern[bytes] | None:
    """A cell tag (`<c` then a space, `/` or `>`) other than a usual cell inside the bound.

    That is a cell written otherwise (`<c>`, `<c` tab `r=…`), one with an odd reference, or
    a value cell right of `col` or below `row`; an empty styled cell (`<c r="Z9" s="3"/>`)
    may lie anywhere, as before, and other tags (`<cols>`, `<cfRule`) are no cells. The
    usual cell costs one lookahead after a search in C for the literal `<c`, so one pass
    settles a chunk's tags, references and bound: the three byte counts and the pattern
    (right, below or odd) this replaced took twice as long on 116 MiB of sheet XML.
    """
    letters = _up_to_letters(col)
    if letters is None:
        return None
    inside = f'{letters}{_up_to_digits(row)}"'
    empty = '[A-Z]{1,3}[1-9]\\d{0,6}"[^>]*/>'
    return re.compile(f'<c(?! r="{inside})(?=[\\s/>])(?! r="{empty})'.encode())


def _within(info: SheetInfo, data: bytes) -> bool:
    """The usual chunk, counted and bounded without a Python object per cell.

    Every cell `<c r="B7" …>`: the farthest value cell is bounded by taking the chunk's
    last value cell as the candidate — its row rounded up to a step of the extent, so one
    compiled pattern serves many chunks — and searching (one pass in C) for a tag that is
    not a usual cell inside it (`_unusual`), a few times at most. The bound kept
    (`max_row`) may exceed the farthest row by less than a step; it only feeds MAX_BOX.
    True when the chunk is done and inside the extent; False sends it to the general
    patterns (odd tags or cells, a prefixed tag `<x:c …>`, many candidates, or a cell
    outside: they name it).
    """
    extent = info.extent
    assert extent is not None
    if b":" in data and b":c" in data:  # a prefixed tag; `:` alone is one memchr pass
        return False
    count = data.count(b"</c>")
    opened = data.rfind(b'<c r="', 0, data.rfind(b"</c>"))  # the last value cell's tag
    last = _USUAL_REF.match(data, opened) if opened >= 0 else None
    col, row = info.max_col, info.max_row
    if last is not None:
        col, row = max(col, _col_number(last.group(1))), max(row, int(last.group(2)))
    step = max(extent.rows // _ROW_STEPS, 1)
    at = 0
    for _try in range(_FAST_TRIES):
        if col > extent.cols or row > extent.rows:
            return False
        row = min(-(-row // step) * step, extent.rows)
        pattern = _unusual(col, row)
        found = None if pattern is None else pattern.search(data, at)
        if found is None:
            if pattern is None:
                return False
            info.cells += count
            info.max_col, info.max_row = col, row
            return True
        ref = _USUAL_REF.match(data, found.start())
        if ref is None:
            return False  # another tag or an odd reference: the general patterns
        far_col, far_row = _col_number(ref.group(1)), int(ref.group(2))
        if far_col <= col and far_row <= row:
            return False  # not a usual tag after all (`<c r="B7"x`): the general patterns
        col, row = max(col, far_col), max(row, far_row)
        at = found.start()
    return False


def _usual_tags(data: bytes) -> bool:
    """Every cell tag of the chunk starts `<c r="` (byte counts and a search, all in C).

    Any other tag beginning `<c` (`<cols>`, `<cfRule`, a cell written `<c>` or with a tab
    before `r=`) or a prefixed tag (`<x:c …>`) sends the chunk to the general patterns.
    """
    return data.count(b"<c") == data.count(b'<c r="') and b":c" not in data


def _value_cells(data: bytes) -> tuple[list[tuple[bytes, bytes]], int]:
    """(column letters, row digits) of the placed value cells, and the count of all value cells.

    A sheet written by Excel, WPS, LibreOffice or openpyxl starts every cell `<c r="…"`;
    that form is found by a literal-prefixed pattern and byte counts (a few hundred MB/s).
    Anything else — namespace prefixes, cells without `r` — takes the general patterns.
    """
    if _usual_tags(data):
        placed: list[tuple[bytes, bytes]] = _USUAL_CELL.findall(data)
        if len(placed) == data.count(b"</c>"):  # no odd reference (`r="a1"`, 8 digits)
            return placed, len(placed)
    return _PLACED_CELL.findall(data), len(_VALUE_CELL.findall(data))


def _first_outside(placed: list[tuple[bytes, bytes]], extent: Extent) -> tuple[int, int] | None:
    for letters, number in placed:
        row, col = int(number), _col_number(letters)
        if row > extent.rows or col > extent.cols:
            return row, col
    return None


def _scan_sheet(
    archive: zipfile.ZipFile,
    info: SheetInfo,
    file: str,
    cells_before: int = 0,
    max_cells: int | None = None,
) -> None:
    """Stream the sheet XML once: count bytes, note hidden rows, merges and dimension.

    Given `max_cells` (the caller's cap on the value cells of all read sheets, of which
    the sheets before had `cells_before`), the stream stops at the chunk whose value cells
    pass it: a workbook over the cap is refused after reading about as many cells as the
    cap allows, not the whole sheet.
    """
    seen = 0
    carry = b""
    with archive.open(info.part) as handle:
        while chunk := handle.read(_CHUNK):
            seen += len(chunk)
            if seen > MAX_ENTRY_BYTES:
                raise _fail(
                    "excel.too-large",
                    file,
                    entry=info.part,
                    reason="实际解压后超过声明大小",
                    limit="256 MB",
                )
            data = carry + chunk
            cut = data.rfind(b">") + 1
            data, carry = data[:cut], data[cut:]
            if len(carry) > _CHUNK:  # one tag this long is not a spreadsheet
                raise _fail("excel.unreadable", file, reason=f"{info.part} 含异常长的 XML 标记")
            _scan_chunk(data, info)
            _check_extent(info, data, file)
            if max_cells is not None and cells_before + info.cells > max_cells:
                raise _over_cap(info, data, file, max_cells)


def _declared_rows(dimension: str) -> int:
    """The last row of a sheet's declared dimension ("A1:O200301" → 200301; 0 if none)."""
    found = re.search(r"(\d+)$", dimension)
    return int(found.group(1)) if found else 0


def _over_cap(info: SheetInfo, data: bytes, file: str, max_cells: int) -> UnreadableError:
    """The caller's cap on value cells passed in `info`'s sheet, at the chunk `data`.

    Named by the sheet, the rows its dimension declares (as Excel shows the sheet) and
    the row the count had reached: what a clerk can check in the workbook.
    """
    last = data.rfind(b"<row")
    found = _ROW_REF.match(data, last) if last >= 0 else None
    row = int(found.group(1)) if found else info.max_row
    declared = _declared_rows(info.dimension)
    rows = f"共 {declared:,} 行" if declared >= row else "未注明行数"
    return _fail(
        "excel.over-upload-limit",
        file,
        sheet=info.name,
        rows=rows,
        row=f"{row:,}",
        limit=f"{max_cells:,}",
    )


def _scan_chunk(data: bytes, info: SheetInfo) -> None:
    if not info.dimension and (found := _DIMENSION.search(data)):
        info.dimension = found.group(1).decode("ascii", "replace")
    if b"hidden" in data:
        for row in _ROW.finditer(data):
            tag = row.group(0)
            number = _ROW_NUMBER.search(tag)
            if number and _HIDDEN.search(tag):
                info.hidden_rows.append(int(number.group(1)))
    if b"mergeCell" in data:
        info.merged += [m.group(1).decode("ascii") for m in _MERGE.finditer(data)]


def inspect(
    path: Path, wanted: Mapping[str, Extent | None], *, max_cells: int | None = None
) -> Package:
    """Check the file and scan the sheets in `wanted`; raises UnreadableError if unusable.

    A sheet given an Extent has every value cell checked against it (and the value cells
    of all such sheets counted against MAX_CELLS) before any reader allocates for them.
    `max_cells` is a caller's own, lower cap on those value cells (the web app's unit
    cap: a request that would read, model and check millions of values is refused here,
    `excel.over-upload-limit`, before any reader runs); the command line gives none.
    """
    file = str(path)
    head = _first_bytes(path, file)
    if head.startswith(_OLE_MAGIC):
        raise _ole_kind(path, file)
    if not head.startswith(b"PK"):
        raise _fail("excel.not-a-workbook", file, reason=_sniff(head))
    try:
        with zipfile.ZipFile(path) as archive:
            _check_declared(archive, file)
            names = set(archive.namelist())
            parts = _sheet_parts(archive, file)
            macros = "xl/vbaProject.bin" in names or b"macroEnabled" in _read_bounded(
                archive, "[Content_Types].xml", file
            )
            sheets: dict[str, SheetInfo] = {}
            cells = box = 0
            for name, part in parts.items():
                info = SheetInfo(name, part, extent=wanted.get(name))
                if name in wanted and part in names:
                    _scan_sheet(archive, info, file, cells, max_cells)
                    cells += info.cells
                    box += info.max_row * info.max_col
                    if box > MAX_BOX:
                        raise _fail(
                            "excel.too-large", file, entry=name,
                            reason=f"等工作表从 A1 到最远的数据共 {box} 个单元格", limit=str(MAX_BOX),
                        )  # fmt: skip
                    if cells > MAX_CELLS:
                        raise _fail(
                            "excel.too-large", file, entry=name,
                            reason=f"等工作表共有 {cells} 个非空单元格", limit=str(MAX_CELLS),
                        )  # fmt: skip
                sheets[name] = info
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError) as exc:
        raise _fail("excel.unreadable", file, reason=f"压缩包已损坏（{exc}）") from None
    except NotImplementedError:
        raise _fail("excel.unreadable", file, reason="压缩包使用了不支持的压缩方式") from None
    except OSError as exc:
        raise _fail("excel.unreadable", file, reason=os_reason(exc)) from None
    return Package(sheets, macros)
