"""Read a published report (txt, docx, html, pdf) into the one `Document` model.

The format comes from the magic bytes first and the name second. Every input is bounded
before a parser sees it (file size, unpacked size and DTDs of a .docx, page count of a
PDF), and whatever cannot be read becomes a `DocumentError` with a Chinese message
naming the file: a reviewer must never get "no problems" for a file nobody could read.
Heavy libraries are imported inside the readers so a .txt audit starts fast.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from jixiao.formats.document.model import Block, Document, DocumentError
from jixiao.formats.source import os_reason

__all__ = ["MAX_BYTES", "MAX_CHARS", "MAX_PARAGRAPHS", "decode_text", "read_bytes", "read_path"]

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024
"""A published report's .docx unpacks to a few MB; far more is a zip bomb."""
_MAX_ENTRIES = 2000
MAX_CHARS = 2_000_000
"""Characters of text: a 100-page report has about 100,000."""
MAX_PARAGRAPHS = 20_000
"""Paragraphs (and table rows): a 100-page report has about 2,000."""
MAX_DOCX_XML = 30 * 1024 * 1024
"""The .docx body (word/document.xml) unpacked; a report's is a few MB. Empty paragraphs
cost ~6 bytes each in the XML but kilobytes each once python-docx has parsed them."""
MAX_DEPTH = 200
"""HTML element nesting; real pages stay under 40."""
MAX_ELEMENTS = 300_000
"""HTML elements."""
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding: UTF-8, then GB18030, then detection.

    Chinese government sites publish UTF-8 and GBK/GB18030 in roughly equal measure;
    UTF-8 is tried first because GB18030 accepts almost any byte string.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32", errors="replace")  # before UTF-16: its mark starts alike
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("utf-8", errors="replace")


def _sniff(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    head = data[:512].lstrip().lower()
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if suffix in {".html", ".htm"} or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def read_bytes(name: str, data: bytes) -> Document:
    """Read a report from bytes; a document with no readable text is refused."""
    if len(data) > MAX_BYTES:
        raise DocumentError(f"文件 {name} 过大（{len(data)} 字节），超过 {MAX_BYTES} 字节上限")
    fmt = _sniff(name, data)
    if fmt == "pdf":
        from jixiao.formats.document.pdf import read_pdf

        document = read_pdf(name, data)
    elif fmt == "docx":
        document = _read_docx(name, data)
    elif fmt == "html":
        document = _read_html(name, data)
    else:
        if b"\x00" in data[:4096]:
            raise DocumentError(f"文件 {name} 不是文本、Word、PDF 或网页文件，无法核查")
        text = decode_text(data)
        _bounded(name, len(text), MAX_CHARS, "个字符")
        _bounded(name, text.count("\n") + 1, MAX_PARAGRAPHS, "个段落")
        document = Document.from_text(name, text, "txt")
    _bounded(name, len(document.text), MAX_CHARS, "个字符")
    _bounded(name, len(document.paragraphs), MAX_PARAGRAPHS, "个段落")
    if not document.text.strip():
        raise DocumentError(f"文件 {name} 中没有可读取的文字，无法核查")
    return document


def _bounded(name: str, count: int, limit: int, what: str) -> None:
    """Refuse input beyond a limit before the (per-paragraph, per-figure) passes run."""
    if count > limit:
        raise DocumentError(
            f"文件 {name} 含 {count} {what}，超过核查上限 {limit} {what}，"
            "不像是一份自评报告，未核查"
        )


def damage_reason(exc: BaseException) -> str:
    """Why a Word file cannot be read, in Chinese: library messages never reach the reader."""
    if isinstance(exc, zipfile.BadZipFile):
        return "文件不是有效的压缩包（.docx 本身是压缩包），可能已损坏或只是改了扩展名"
    if isinstance(exc, NotImplementedError):
        return "文件使用了不支持的压缩或加密方式"
    if isinstance(exc, KeyError):
        return "文件缺少 Word 文档必需的组成部分"
    if isinstance(exc, EOFError | OSError):
        return "文件内容不完整（可能下载或复制时被截断）"
    if type(exc).__name__.endswith(("XMLSyntaxError", "ParseError")):
        return "文档中的 XML 内容已损坏"
    return "文件结构已损坏，无法解析"


def read_path(path: Path) -> Document:
    """Read a report file; raise `DocumentError` with a Chinese message on failure."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(f"文件 {path} 过大（{size} 字节），超过 {MAX_BYTES} 字节上限")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"无法读取文件 {path}：{os_reason(exc)}") from exc
    return read_bytes(str(path), data)


def _guard_zip(name: str, data: bytes) -> None:
    """Refuse a .docx that would unpack too far or carries a DTD (entity bombs).

    Sizes are counted while inflating, not taken from the headers (which can lie), and
    Office Open XML never has a DOCTYPE, so any part with one is refused unread.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ENTRIES:
                raise DocumentError(
                    f"文件 {name} 含 {len(infos)} 个压缩条目，疑似压缩炸弹，已拒绝读取"
                )
            total = 0
            for info in infos:
                with archive.open(info) as entry:
                    head = b""
                    while chunk := entry.read(1 << 16):
                        if not head:
                            head = chunk[:4096]
                        total += len(chunk)
                        if total > MAX_UNZIPPED:
                            raise DocumentError(
                                f"文件 {name} 解压后超过 {MAX_UNZIPPED} 字节，疑似压缩炸弹，已拒绝读取"
                            )
                if info.filename.endswith(".xml") and _DTD.search(head):
                    raise DocumentError(
                        f"文件 {name} 的 {info.filename} 含 DTD 声明（可能是 XML 实体炸弹），已拒绝读取"
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError(
            f"文件 {name} 不是有效的 Word（.docx）文档：{damage_reason(exc)}"
        ) from exc


def _paragraph_tags(data: bytes) -> int:
    return data.count(b"<w:p>") + data.count(b"<w:p ") + data.count(b"<w:p/>")


def _guard_body(name: str, data: bytes) -> None:
    """Stream word/document.xml: its unpacked size and paragraph count, before parsing."""
    seen = paragraphs = 0
    tail = b""
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as archive,
            archive.open("word/document.xml") as body,
        ):
            while chunk := body.read(1 << 20):
                seen += len(chunk)
                _bounded(name, seen, MAX_DOCX_XML, "字节正文（解压后）")
                window = tail + chunk
                paragraphs += _paragraph_tags(window) - _paragraph_tags(tail)
                tail = chunk[-8:]
                _bounded(name, paragraphs, MAX_PARAGRAPHS, "个段落")
    except KeyError:
        return  # not a Word body: python-docx reports it below
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError(
            f"文件 {name} 不是有效的 Word（.docx）文档：{damage_reason(exc)}"
        ) from exc


def _read_docx(name: str, data: bytes) -> Document:
    """Paragraphs and table rows in body order (python-docx lists them separately)."""
    _guard_zip(name, data)
    _guard_body(name, data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                blocks.append(Block(DocxParagraph(child, document).text))
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        text = cell.text.replace("\n", " ").strip()
                        if not cells or cells[-1] != text:  # merged cells repeat their text
                            cells.append(text)
                    blocks.append(Block("\t".join(cells), "table"))
    except Exception as exc:  # python-docx raises zip, XML, key and index errors alike
        raise DocumentError(
            f"文件 {name} 不是有效的 Word（.docx）文档：{damage_reason(exc)}"
        ) from exc
    return Document.from_blocks(name, blocks, "docx")


_BLOCKS = [
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section",
    "article", "title",
]  # fmt: skip


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})  # fmt: skip
_SELF_CLOSING_PEERS = frozenset(["p", "li", "td", "th", "tr", "dt", "dd", "option"])
"""Elements a new one of the same name closes ("<p>a<p>b" is two paragraphs, not nested)."""


class _HtmlShape(HTMLParser):
    """Element count and nesting depth from the standard library's event parser.

    The fallback when lxml refuses a document: BeautifulSoup may still build a tree from
    it, so the limits must hold without lxml's count. Linear: a name counter answers
    "is this element open" without searching the stack, and each element is pushed and
    popped once.
    """

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=False)
        self.name = name
        self.elements = 0
        self.stack: list[str] = []
        self.open: Counter[str] = Counter()

    def _close(self, tag: str) -> None:
        if not self.open[tag]:
            return  # a stray end tag closes nothing
        while self.stack:
            top = self.stack.pop()
            self.open[top] -= 1
            if top == tag:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        _bounded(self.name, self.elements, MAX_ELEMENTS, "个网页元素")
        if tag in _VOID:
            return
        if tag in _SELF_CLOSING_PEERS:
            self._close(tag)
        self.stack.append(tag)
        self.open[tag] += 1
        _bounded(self.name, len(self.stack), MAX_DEPTH, "层嵌套")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        _bounded(self.name, self.elements, MAX_ELEMENTS, "个网页元素")

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)


def _guard_html(name: str, text: str) -> None:
    """Element count and nesting depth from lxml's C parser, before BeautifulSoup.

    BeautifulSoup builds a recursive Python tree: 2 MB of nested tags once took minutes.
    Both see the same decoded text (a page whose bytes lxml decoded otherwise once passed
    with 4 elements and built 300 nested ones), and where lxml refuses the document the
    standard library's parser counts instead: the limits never depend on lxml.
    """
    from lxml import etree

    depth = elements = 0
    try:
        for event, _element in etree.iterparse(
            io.BytesIO(text.encode("utf-8", errors="replace")),
            events=("start", "end"),
            html=True,
            huge_tree=False,
            encoding="utf-8",
        ):
            if event == "start":
                depth += 1
                elements += 1
                _bounded(name, depth, MAX_DEPTH, "层嵌套")
                _bounded(name, elements, MAX_ELEMENTS, "个网页元素")
            else:
                depth -= 1
    except etree.XMLSyntaxError:
        shape = _HtmlShape(name)
        shape.feed(text)
        shape.close()


def _read_html(name: str, data: bytes) -> Document:
    """Visible text with one paragraph per block element; scripts and styles dropped."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    text = decode_text(data)
    _guard_html(name, text)
    with warnings.catch_warnings():
        # An .html upload may really be XHTML or XML; reading it as HTML is what we want.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    rows = set()
    for row in soup.find_all("tr"):
        for cell in row.find_all(["td", "th"]):
            cell.append("\t")
        row.insert_before("\n")
        row.append("\x01\n")
        rows.add(id(row))
    for block in soup.find_all(_BLOCKS):
        if id(block) in rows:
            continue
        block.insert_before("\n")
        block.append("\n")
    blocks: list[Block] = []
    for line in soup.get_text().split("\n"):
        is_row = line.endswith("\x01")
        clean = "\t".join(" ".join(c.split()) for c in line.rstrip("\x01").split("\t")).strip("\t")
        if clean:
            blocks.append(Block(clean, "table" if is_row else "text"))
    return Document.from_blocks(name, blocks, "html")
