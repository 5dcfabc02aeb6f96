"""The document reader (formats/document): PDF layout, normalisation and hostile input.

PDFs are made here (tests/audit/pdf_fixture.py); every text is invented.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from tests.audit.pdf_fixture import make_layout_pdf

from jixiao.audit import audit_bytes
from jixiao.formats.document import Document, DocumentError, normalise, read_bytes
from jixiao.formats.document.pdf import MAX_PAGES


def _report_pages() -> list[list[tuple[float, float, str]]]:
    pages: list[list[tuple[float, float, str]]] = []
    for number in range(3):
        page = [(60.0, 800.0, "某某局部门决算"), (290.0, 30.0, f"- {number + 1} -")]
        if number == 0:
            page += [
                (60, 700, "目录"),
                (60, 680, "一、收入情况"),
                (60, 660, "二、支出情况"),
                (60, 600, "一、收入情况"),
                (84, 570, "本年收入合计一百万元，其中财政拨款收入九十万元，其他"),
                (60, 552, "收入十万元。"),
                (60, 500, "项目"),
                (200, 500, "金额"),
                (60, 482, "十、节能环保支出"),
                (60, 464, "十一、城乡社区支出"),
                (60, 446, "甲"),
                (200, 446, "5.00"),
            ]
        else:
            page += [(60, 700, "二、支出情况"), (84, 680, "支出见下表。")]
        pages.append(page)
    return pages


def _doc() -> Document:
    return read_bytes("r.pdf", make_layout_pdf(_report_pages()))


def test_running_headers_and_page_numbers_are_dropped() -> None:
    doc = _doc()
    assert "某某局部门决算" not in doc.text and "- 2 -" not in doc.text
    assert doc.pages == 3


def test_wrapped_lines_are_one_paragraph() -> None:
    lines = _doc().text.split("\n")
    assert "本年收入合计一百万元，其中财政拨款收入九十万元，其他收入十万元。" in lines


def test_table_rows_keep_cells_and_contents_are_marked() -> None:
    doc = _doc()
    kinds = {doc.text[p.start : p.end]: p.kind for p in doc.paragraphs}
    assert kinds["项目\t金额"] == "table" and kinds["甲\t5.00"] == "table"
    assert kinds["十、节能环保支出"] == "table"  # a row of the table, not a heading
    assert kinds["目录"] == "toc"


def test_contents_and_table_rows_raise_no_heading_findings() -> None:
    result = audit_bytes("r.pdf", make_layout_pdf(_report_pages()))
    codes = {p.code for p in result.problems}
    assert not codes & {"audit.empty-section", "audit.numbering-skip", "audit.numbering-style"}


def test_traditional_and_full_width_are_normalised_in_place() -> None:
    text = "預算執行數據準確，總額１２３．５萬元"
    norm = normalise(text)
    assert norm == "预算执行数据准确,总额123.5万元" and len(norm) == len(text)


def test_encrypted_pdf_is_refused_in_chinese() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentError, match="加密"):
        read_bytes("locked.pdf", buffer.getvalue())


def test_too_many_pages_is_refused_quickly() -> None:
    pages = [[(60.0, 700.0, "第页")] for _ in range(MAX_PAGES + 200)]
    data = make_layout_pdf(pages)
    started = time.monotonic()
    result = audit_bytes("long.pdf", data)
    assert result.unreadable and "页上限" in result.problems[0].message
    assert time.monotonic() - started < 30  # bounded: refused before reading any page


def _docx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_docx_with_an_entity_bomb_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    )
    with pytest.raises(DocumentError, match="DTD"):
        read_bytes("bomb.docx", _docx({"word/document.xml": bomb}))


def test_docx_zip_bomb_is_refused_while_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.formats.document import reader

    monkeypatch.setattr(reader, "MAX_UNZIPPED", 1024 * 1024)
    data = _docx({"word/document.xml": b"<w:document>" + b" " * (3 * 1024 * 1024)})
    assert len(data) < 64 * 1024
    with pytest.raises(DocumentError, match="压缩炸弹"):
        read_bytes("zip.docx", data)


def test_malformed_docx_table_is_a_chinese_message() -> None:
    document = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc>'
    )
    result = audit_bytes("table.docx", _docx({"word/document.xml": document}))
    assert result.unreadable and "Word" in result.problems[0].message


def test_cli_exits_2_for_a_hostile_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jixiao.cli import app

    target = tmp_path / "bomb.docx"
    target.write_bytes(_docx({"word/document.xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>"}))
    outcome = CliRunner().invoke(app, ["audit", str(target)])
    assert outcome.exit_code == 2 and "Traceback" not in outcome.output
