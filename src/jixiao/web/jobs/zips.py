"""Reading an uploaded zip of reports with every bound checked before anything is unpacked.

Bounds: the number of members, each member's size (the single-upload limit), the total
unpacked size and the packing ratio (a zip bomb is refused from its directory, without
inflating it). Names: zips made on Chinese Windows store GBK names without the UTF-8 flag,
so those are decoded as GBK rather than shown as mojibake.
"""

from __future__ import annotations

import contextlib
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import IO

__all__ = ["Member", "Refused", "list_reports", "member_name"]

REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")
MAX_RATIO = 200
"""Unpacked ÷ packed above this for a member is a bomb, not a report (text packs ~5–10×)."""


class Refused(Exception):
    """The zip as a whole cannot be taken; the message says why, in Chinese."""


@dataclass(frozen=True)
class Member:
    """One report inside the zip: its stored name, the name to show, its size."""

    stored: str
    name: str
    size: int


@dataclass
class Listing:
    """The reports found, and the members skipped with the reason."""

    reports: list[Member] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's file name as its author saw it (GBK names decoded, folders dropped)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return posixpath.basename(name.replace("\\", "/"))


def list_reports(handle: IO[bytes], *, max_files: int, max_member: int, max_total: int) -> Listing:
    """The reports in the zip, checked against the bounds (raises Refused for the whole)."""
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused("上传的文件不是有效的 zip 压缩包。") from None
    listing = Listing()
    total = 0
    with archive:
        for info in archive.infolist():
            name = member_name(info)
            if info.is_dir() or not name or name.startswith(".") or "__MACOSX" in info.filename:
                continue
            if not name.lower().endswith(REPORT_SUFFIXES):
                listing.skipped.append(f"“{name}”不是 txt、docx、pdf 或 html 文件，未核查。")
                continue
            if info.file_size > max_member:
                listing.skipped.append(
                    f"“{name}”解压后有{info.file_size:,}字节，超过单个文件{max_member // (1024 * 1024)} MB的上限，未核查。"
                )
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise Refused(
                    f"压缩包中的“{name}”压缩比异常（可能是恶意压缩包），整个压缩包未核查。"
                )
            total += info.file_size
            listing.reports.append(Member(info.filename, name, info.file_size))
            if len(listing.reports) > max_files:
                raise Refused(f"压缩包中的报告超过{max_files}份，请分成几个压缩包上传。")
            if total > max_total:
                raise Refused(
                    f"压缩包解压后超过{max_total // (1024 * 1024)} MB，请分成几个压缩包上传。"
                )
    if not listing.reports:
        raise Refused("压缩包中没有 txt、docx、pdf 或 html 格式的报告。")
    return listing
