"""Readers: real .docx, .pdf (text layer and none), .html and GBK .txt, positions kept."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from tests.audit.pdf_fixture import make_pdf

from jixiao.audit import audit_bytes, audit_path
from jixiao.formats.document import (
    DocumentError as UnreadableError,
)
from jixiao.formats.document import (
    decode_text,
    read_bytes,
    read_path,
)

REPORT = ["一、收支情况", "本年支出为100.00万元，其中：基本支出60.00万元，项目支出30.00万元。"]


def _codes(name: str, data: bytes) -> list[str]:
    return [p.code for p in audit_bytes(name, data).problems]


def test_gbk_text_is_detected() -> None:
    data = "\n".join(REPORT).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(data) == "\n".join(REPORT)
    assert "audit.sum-mismatch" in _codes("r.txt", data)


def test_gb18030_and_bom_utf8() -> None:
    text = "\n".join(REPORT)
    assert decode_text(text.encode("gb18030")) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_fullwidth_digits_keep_offsets() -> None:
    doc = read_bytes("f.txt", "支出１２３．４５万元".encode())
    assert len(doc.norm) == len(doc.text)
    assert doc.norm == "支出123.45万元"


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(REPORT[0])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "金额"
    table.cell(1, 0).text = "宣传经费"
    table.cell(1, 1).text = "45.9万元"
    document.add_paragraph(REPORT[1])
    path = tmp_path / "r.docx"
    document.save(str(path))
    doc = read_path(path)
    lines = doc.text.split("\n")
    assert lines == [REPORT[0], "项目\t金额", "宣传经费\t45.9万元", REPORT[1]]
    result = audit_path(path)
    sums = [p for p in result.problems if p.code == "audit.sum-mismatch"]
    assert sums and sums[0].location.paragraph == 4
    assert sums[0].location.section == "一、收支情况"


def test_broken_docx_is_unreadable() -> None:
    with pytest.raises(UnreadableError, match=r"bad\.docx"):
        read_bytes("bad.docx", b"PK\x03\x04 not really a zip")


def test_pdf_text_layer_is_read() -> None:
    data = make_pdf(REPORT)
    doc = read_bytes("r.pdf", data)
    assert doc.fmt == "pdf" and REPORT[1] in doc.text
    assert "audit.sum-mismatch" in _codes("r.pdf", data)


def test_pdf_without_text_layer_says_so() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    buffer = BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableError, match="没有文本层"):
        read_bytes("scan.pdf", buffer.getvalue())


def test_html_blocks_become_paragraphs_and_scripts_are_dropped() -> None:
    page = (
        "<html><head><title>t</title><script>var x = '支出1万元';</script></head><body>"
        f"<h2>{REPORT[0]}</h2><p>{REPORT[1]}</p><table><tr><td>合计</td><td>5</td></tr></table>"
        "</body></html>"
    ).encode("gbk")
    page = page.replace(b"<head>", b'<head><meta charset="gbk">')
    doc = read_bytes("r.html", page)
    assert "var x" not in doc.text
    assert REPORT[0] in doc.text.split("\n") and REPORT[1] in doc.text.split("\n")
    assert "audit.sum-mismatch" in _codes("r.html", page)


def test_html_nesting_is_bounded_on_the_text_the_tree_is_built_from() -> None:
    # UTF-32 bytes: lxml's own decoding saw four elements here, the tree had 300 nested.
    deep = ("<div>" * 300 + "收入100万元").encode("utf-32")
    with pytest.raises(UnreadableError, match="层嵌套"):
        read_bytes("deep.html", deep)


def test_html_nesting_is_bounded_where_lxml_refuses_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from lxml import etree

    real = etree.iterparse

    def refuse(*args: object, **kwargs: object) -> object:
        return real(BytesIO(b""), html=True)  # lxml's own refusal: "no element found"

    monkeypatch.setattr(etree, "iterparse", refuse)
    with pytest.raises(UnreadableError, match="层嵌套"):
        read_bytes("deep.html", ("<section>" * 300 + "收入100万元").encode())
    # Unclosed paragraphs and cells are siblings, not nesting: a sloppy page still reads.
    page = "<table>" + "<tr><td>合计<td>5" * 300 + "</table>" + "<p>支出1万元" * 300
    assert "支出1万元" in read_bytes("sloppy.html", page.encode()).text


def test_missing_file_is_unreadable_with_name(tmp_path: Path) -> None:
    result = audit_path(tmp_path / "无此文件.txt")
    assert result.unreadable
    assert "无此文件.txt" in result.problems[0].message
