"""Unreadable files are explained in Chinese only: no library message reaches the reader."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from jixiao.audit import audit_bytes

_ALLOWED = re.compile(r"Word|PDF|XML|DTD|docx|pdf|zip")
_ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)

HOSTILE = {
    "not-a-zip.docx": b"hello, this is plain text",
    "truncated-zip.docx": _zip({"word/document.xml": b"<w:document/>"})[:40],
    "empty-zip.docx": _zip({}),
    "no-body.docx": _zip({"[Content_Types].xml": _CONTENT_TYPES}),
    "broken-xml.docx": _zip(
        {"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b"<w:document><w:body><w:p"}
    ),
    "not-a-pdf.pdf": b"%PDF-1.4 this is not really a pdf",
    "truncated.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n",
    "binary.pdf": bytes(range(256)) * 8,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_unreadable_file_message_is_chinese_only(name: str) -> None:
    result = audit_bytes(f"报告-{name.split('.')[0]}.{name.split('.')[1]}", HOSTILE[name])
    assert result.unreadable, name
    [problem] = result.problems
    text = _ALLOWED.sub("", problem.message.replace(name.split(".")[0], ""))
    assert not _ENGLISH.search(text), problem.message
    assert re.search(r"[\u4e00-\u9fff]", problem.message)
