"""Read a published report (txt, docx, pdf, html) into one text with paragraph positions.

Why one flat text: every finding quotes its evidence by character offsets, and the same
offsets drive the HTML highlighting, so all readers produce the same `Document` shape —
paragraphs in reading order (Word tables row by row, cells separated by tabs) joined by
newlines. Heavy libraries are imported inside the readers so `jixiao audit x.txt` starts
fast.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "MAX_CHARS",
    "MAX_PARAGRAPHS",
    "Document",
    "Paragraph",
    "UnreadableError",
    "decode_text",
    "read_bytes",
    "read_path",
]

MAX_BYTES = 50 * 1024 * 1024
MAX_CHARS = 2_000_000
"""Characters of text: a 100-page report has about 100,000."""
MAX_PARAGRAPHS = 20_000
"""Paragraphs (and table rows): a 100-page report has about 2,000."""
MAX_PAGES = 1_000
"""PDF pages, counted before any text is extracted."""
MAX_DOCX_XML = 30 * 1024 * 1024
"""The .docx body (word/document.xml) unpacked; a report's is a few MB. Empty paragraphs
cost ~20 bytes each in the file but kilobytes each once parsed."""
MAX_DEPTH = 200
"""HTML element nesting; real pages stay under 40."""
MAX_ELEMENTS = 300_000
"""HTML elements."""

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map one-to-one onto ASCII,
# so the normalised text keeps every character offset of the original.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
for _space in (0x3000, 0x00A0, 0x202F, 0x205F, 0xFEFF, *range(0x2000, 0x200C)):
    _WIDTH[_space] = 0x20
# Traditional forms of the few characters the grade and label rules look for; mirror
# sites publish traditional text (one character each, so offsets are kept).
_WIDTH.update(
    {
        ord(t): ord(s)
        for t, s in zip(
            "優級績評價額數總計準執項資費撥滙", "优级绩评价额数总计准执项资费拨汇", strict=True
        )
    }
)


class UnreadableError(Exception):
    """The input cannot be read at all; `message` is Chinese and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (or table row) with its offsets in `Document.text`."""

    index: int
    start: int
    end: int


@dataclass(slots=True)
class Document:
    """The report as text, its normalised twin (same length) and its paragraphs."""

    name: str
    text: str
    fmt: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    norm: str = ""

    @classmethod
    def from_paragraphs(cls, name: str, parts: list[str], fmt: str) -> Document:
        """Join paragraphs with newlines and record where each one lies."""
        clean = [p.replace("\r\n", "\n").replace("\r", "\n") for p in parts]
        text = "\n".join(clean)
        return cls.from_text(name, text, fmt)

    @classmethod
    def from_text(cls, name: str, text: str, fmt: str) -> Document:
        """Split a text into paragraphs at newlines."""
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        _bounded(name, len(text), MAX_CHARS, "个字符")
        _bounded(name, text.count("\n") + 1, MAX_PARAGRAPHS, "个段落")
        paragraphs: list[Paragraph] = []
        pos = 0
        for index, line in enumerate(text.split("\n")):
            paragraphs.append(Paragraph(index, pos, pos + len(line)))
            pos += len(line) + 1
        return cls(name, text, fmt, paragraphs, text.translate(_WIDTH))

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph that contains a character offset (binary search)."""
        lo, hi = 0, len(self.paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.paragraphs[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.paragraphs[lo]

    def para_text(self, para: Paragraph) -> str:
        """The normalised text of one paragraph."""
        return self.norm[para.start : para.end]


def _bounded(name: str, count: int, limit: int, what: str) -> None:
    """Refuse input beyond a limit before the (per-paragraph, per-figure) passes run."""
    if count > limit:
        raise UnreadableError(
            f"文件 {name} 含 {count} {what}，超过核查上限 {limit} {what}，"
            "不像是一份自评报告，未核查"
        )


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding: UTF-8, then GB18030, then detection.

    Chinese government sites publish UTF-8 and GBK/GB18030 in roughly equal measure;
    UTF-8 is tried first because GB18030 accepts almost any byte string.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
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


_MAX_UNZIPPED = 100 * 1024 * 1024
"""A published report's .docx unpacks to a few MB; far more is a zip bomb."""


def read_bytes(name: str, data: bytes) -> Document:
    """Read a report from bytes; the format comes from the name and the magic bytes.

    Whatever the format, a document with no readable text is refused: reporting "no
    problems" for a binary or empty file would tell a reviewer the report is clean.
    """
    fmt = _sniff(name, data)
    if fmt == "pdf":
        document = _read_pdf(name, data)
    elif fmt == "docx":
        _guard_zip(name, data)
        document = _read_docx(name, data)
    elif fmt == "html":
        document = _read_html(name, data)
    else:
        if b"\x00" in data[:4096]:
            raise UnreadableError(f"文件 {name} 不是文本、Word、PDF 或网页文件，无法核查")
        document = Document.from_text(name, decode_text(data), "txt")
    if not document.text.strip():
        raise UnreadableError(f"文件 {name} 中没有可读取的文字，无法核查")
    return document


def _guard_zip(name: str, data: bytes) -> None:
    """Refuse a .docx whose entries would unpack beyond `_MAX_UNZIPPED` bytes."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableError(f"文件 {name} 不是有效的 Word（.docx）文档：{exc}") from exc
    if total > _MAX_UNZIPPED:
        raise UnreadableError(f"文件 {name} 解压后达 {total} 字节，疑似压缩炸弹，已拒绝读取")
    _guard_body(name, data)


def _paragraph_tags(data: bytes) -> int:
    return data.count(b"<w:p>") + data.count(b"<w:p ") + data.count(b"<w:p/>")


def _guard_body(name: str, data: bytes) -> None:
    """Stream word/document.xml: its unpacked size and paragraph count, before parsing."""
    import zipfile

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
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableError(f"文件 {name} 不是有效的 Word（.docx）文档：{exc}") from exc


def read_path(path: Path) -> Document:
    """Read a report file; raise `UnreadableError` with a Chinese message on failure."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableError(f"文件 {path} 过大（{size} 字节），超过 {MAX_BYTES} 字节上限")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"无法读取文件 {path}：{exc.strerror or exc}") from exc
    return read_bytes(str(path), data)


def _read_docx(name: str, data: bytes) -> Document:
    """Paragraphs and table rows in body order (python-docx lists them separately)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML and key errors alike
        raise UnreadableError(f"文件 {name} 不是有效的 Word（.docx）文档：{exc}") from exc
    parts: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(DocxParagraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.replace("\n", " ").strip()
                    if not cells or cells[-1] != text:  # merged cells repeat their text
                        cells.append(text)
                parts.append("\t".join(cells))
    return Document.from_paragraphs(name, parts, "docx")


def _read_pdf(name: str, data: bytes) -> Document:
    """The PDF's text layer, page by page; a scan without one is unreadable for us."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many error types on damaged files
        raise UnreadableError(f"文件 {name} 不是可读取的 PDF：{exc}") from exc
    _bounded(name, count, MAX_PAGES, "页")
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many error types on damaged files
        raise UnreadableError(f"文件 {name} 不是可读取的 PDF：{exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise UnreadableError(
            f"文件 {name} 没有文本层（可能是扫描件或图片），无法核查；请先做文字识别（OCR）"
        )
    return Document.from_text(name, text, "pdf")


_BLOCKS = [
    "p",
    "div",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "table",
    "section",
    "article",
    "title",
]


def _guard_html(name: str, data: bytes) -> None:
    """Element count and nesting depth from lxml's C parser, before BeautifulSoup.

    BeautifulSoup builds a recursive Python tree: 2 MB of nested tags once took minutes.
    """
    from lxml import etree

    depth = elements = 0
    try:
        for event, _element in etree.iterparse(
            io.BytesIO(data), events=("start", "end"), html=True, huge_tree=False
        ):
            if event == "start":
                depth += 1
                elements += 1
                _bounded(name, depth, MAX_DEPTH, "层嵌套")
                _bounded(name, elements, MAX_ELEMENTS, "个网页元素")
            else:
                depth -= 1
    except etree.XMLSyntaxError:
        return  # lxml gave up where BeautifulSoup may still read the text


def _read_html(name: str, data: bytes) -> Document:
    """Visible text with one paragraph per block element; scripts and styles dropped."""
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    _guard_html(name, data)
    with warnings.catch_warnings():
        # An .html upload may really be XHTML or XML; reading it as HTML is what we want.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(data, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for cell in soup.find_all(["td", "th"]):
        cell.append("\t")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.append("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().split("\n")]
    return Document.from_paragraphs(name, [line for line in lines if line], "html")
