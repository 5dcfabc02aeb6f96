"""Look at a workbook before any parser touches it: kind, size, bombs, hidden rows.

Why: an .xlsx is a zip of XML, and a few kilobytes can inflate to gigabytes; a parser
given such a file allocates first and fails later (or never). So the package is checked
entry by entry — declared sizes and ratios first, then the actual inflated bytes are
counted while streaming, aborting at the limit (headers can lie). The same pass reads
what the value readers do not report: hidden rows, merged ranges, the sheet's declared
extent and whether the workbook carries macros. Old .xls files and password-protected
workbooks share the OLE container format and are told apart by their stream names.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree  # type: ignore[import-untyped]

from jixiao.core.problems import Location, make
from jixiao.formats.source import UnreadableError, os_reason

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "MAX_ENTRY_BYTES",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "Package",
    "SheetInfo",
    "inspect",
]

MAX_FILE_BYTES = 100 * 1024 * 1024
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


@dataclass
class SheetInfo:
    """What the value readers do not tell: hidden rows, merged ranges, declared extent."""

    name: str
    part: str
    hidden_rows: list[int] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    dimension: str = ""


@dataclass
class Package:
    """An inspected workbook: its sheets by name and whether it carries macros."""

    sheets: dict[str, SheetInfo]
    macros: bool = False


def _fail(code: str, file: str, **params: Any) -> UnreadableError:
    return UnreadableError(make(code, Location(file=file), **params))


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


def _scan_sheet(archive: zipfile.ZipFile, info: SheetInfo, file: str) -> None:
    """Stream the sheet XML once: count bytes, note hidden rows, merges and dimension."""
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


def inspect(path: Path, wanted: set[str]) -> Package:
    """Check the file and scan the sheets in `wanted`; raises UnreadableError if unusable."""
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
            for name, part in parts.items():
                info = SheetInfo(name, part)
                if name in wanted and part in names:
                    _scan_sheet(archive, info, file)
                sheets[name] = info
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError) as exc:
        raise _fail("excel.unreadable", file, reason=f"压缩包已损坏（{exc}）") from None
    except NotImplementedError:
        raise _fail("excel.unreadable", file, reason="压缩包使用了不支持的压缩方式") from None
    except OSError as exc:
        raise _fail("excel.unreadable", file, reason=os_reason(exc)) from None
    return Package(sheets, macros)
