"""PDF text with its layout: lines from character positions (pypdfium2), then blocks.

Why positions and not a plain text dump: a published budget PDF is mostly tables and a
table of contents. Read as text, a two-column table row becomes one run-on line and a
wrapped sentence becomes two paragraphs, so labels split and headings look empty. With
each line's position we can tell cells apart (wide gaps), rejoin a paragraph whose line
ran to the right margin into the next unindented line (also across pages), drop running
headers and page numbers (repeated in the margins), and mark table rows and the table
of contents so that heading checks skip them.

pypdfium2 (Apache-2.0 / BSD-3) was measured against pypdf and pdfplumber on the corpus
PDFs; see docs/audit.md for the figures.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.formats.document.model import Block, Document, DocumentError

if TYPE_CHECKING:
    from pypdfium2 import PdfTextPage

__all__ = ["MAX_PAGES", "read_pdf"]

MAX_PAGES = 300
"""A published report has tens of pages; hundreds more is not a report we can check."""
_MARGIN = 0.07  # share of the page height where running headers and page numbers sit
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—－–]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[-—－–])?\s*$")
_ITEM_START = re.compile(
    r"\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}(?:、|\.(?!\d)))"
)
_BARE_MARK = re.compile(r"^(?:[(（]?\d{1,2}[.、)）]?|[(（]?[一二三四五六七八九十]{1,3}[、)）])$")
_TOC_TITLE = re.compile(r"^\s*目\s*录\s*$")
_LEADER = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*\d{0,4}\s*$")


@dataclass(slots=True)
class _Line:
    text: str
    cells: list[str]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    margin: bool  # in the top or bottom margin band


def _lines(tp: PdfTextPage, page_no: int, height: float) -> list[_Line]:
    """The page's lines with their boxes; wide gaps between words become cell breaks."""
    count = tp.count_chars()
    if not count:
        return []
    text = tp.get_text_range(0, count)
    if len(text) != count:  # the text does not map one-to-one onto characters
        return [_Line(t, [t], 0, 0, 0, 0, page_no, False) for t in text.splitlines() if t.strip()]

    def box(index: int) -> tuple[float, float, float, float]:
        tight: tuple[float, float, float, float] = tp.get_charbox(index)
        if tight[3] - tight[1] >= 1:
            return tight
        # A glyph without outlines (or a space) has a flat box: use the font's box.
        loose: tuple[float, float, float, float] = tp.get_charbox(index, loose=True)
        return tight[0], loose[1], tight[2], loose[3]

    out: list[_Line] = []
    start = 0
    for raw in text.split("\r\n"):
        end = start + len(raw)
        stripped = raw.strip()
        if stripped:
            first = start + (len(raw) - len(raw.lstrip()))
            last = start + len(raw.rstrip()) - 1
            left = box(first)[0]
            right = box(last)[2]
            # A line's height from a few of its characters: one glyph's box can be a sliver.
            step = max(1, (last - first) // 6)
            samples = [box(i) for i in range(first, last + 1, step) if text[i] != " "]
            bottom = min(b[1] for b in samples)
            top = max(b[3] for b in samples)
            size = max(sorted(b[3] - b[1] for b in samples)[len(samples) // 2], 1.0)
            cells: list[str] = []
            cell: list[str] = []
            pos = first
            while pos <= last:
                char = text[pos]
                if char == " ":
                    run = pos
                    while run <= last and text[run] == " ":
                        run += 1
                    gap = box(run)[0] - box(pos - 1)[2]
                    if gap > 1.6 * size:
                        cells.append("".join(cell).strip())
                        cell = []
                    else:
                        cell.append(" ")
                    pos = run
                    continue
                cell.append(char)
                pos += 1
            cells.append("".join(cell).strip())
            cells = [c for c in cells if c]
            if len(cells) >= 2 and _BARE_MARK.match(cells[0]):
                cells[:2] = [f"{cells[0]} {cells[1]}"]  # "3." then a wide gap: a list item
            margin = top > height * (1 - _MARGIN) or bottom < height * _MARGIN
            out.append(_Line(stripped, cells, left, right, top, bottom, page_no, margin))
        start = end + 2
    return out


def _running(lines: list[_Line], pages: int) -> set[int]:
    """Indexes of page numbers and of margin lines repeated on several pages."""
    seen = Counter(re.sub(r"\d+", "#", ln.text) for ln in lines if ln.margin)
    threshold = max(3, pages // 3)
    return {
        i
        for i, ln in enumerate(lines)
        if ln.margin
        and (_PAGE_NUMBER.match(ln.text) or seen[re.sub(r"\d+", "#", ln.text)] >= threshold)
    }


def _toc(lines: list[_Line]) -> set[int]:
    """The table of contents: from a 目录 title to the line before its first entry recurs."""
    marked = {i for i, ln in enumerate(lines) if _LEADER.search(ln.text)}
    for i, line in enumerate(lines):
        if not _TOC_TITLE.match(line.text) or i + 1 >= len(lines):
            continue
        first = lines[i + 1].text
        end = next((j for j in range(i + 2, len(lines)) if lines[j].text == first), None)
        if end is None:  # no recurrence: the contents run while lines stay short
            end = i + 1
            while (
                end < len(lines) and len(lines[end].text) <= 40 and lines[end].page <= line.page + 3
            ):
                end += 1
        marked.update(range(i, end))
    return marked


def _continues(prev: _Line, line: _Line, left: float, right: float) -> bool:
    """Whether `line` carries on the paragraph `prev` (a wrapped line, not a new one)."""
    size = max(prev.top - prev.bottom, 1.0)
    if len(prev.cells) != 1 or len(line.cells) != 1:
        return False
    if _ITEM_START.match(line.text):
        return False  # a line that opens with an outline number starts an item
    if prev.x1 < right - 2 * size or line.x0 > left + 0.8 * size:
        return False
    if prev.page == line.page and not -0.3 * size <= prev.bottom - line.top < 2 * size:
        return False
    return abs((line.top - line.bottom) - size) < 0.6 * size


def _blocks(lines: list[_Line], toc: set[int]) -> list[Block]:
    if not lines:
        return []
    body = [ln for ln in lines if len(ln.cells) == 1]
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0] if body else 0.0
    # The right margin is where most full lines end (a few lines overhang it).
    ends = Counter(round(ln.x1) for ln in body if ln.x1 > left + 200)
    right = float(ends.most_common(1)[0][0]) if ends else 0.0
    blocks: list[Block] = []
    tabular = [len(ln.cells) >= 2 for ln in lines]
    # Short single-cell lines between two table rows (of one page, or of a table that
    # goes on over the page break) are rows of that table.
    last_row = None
    for i, line in enumerate(lines):
        if tabular[i] and last_row is not None and line.page - lines[last_row].page <= 1:
            between = range(last_row + 1, i)
            if all(len(lines[j].text) <= 40 and not lines[j].text.endswith("。") for j in between):
                for j in between:
                    tabular[j] = True
        if tabular[i]:
            last_row = i
    previous: _Line | None = None
    for i, line in enumerate(lines):
        if i in toc:
            blocks.append(Block("\t".join(line.cells) or line.text, "toc"))
            previous = None
            continue
        if tabular[i]:
            blocks.append(Block("\t".join(line.cells), "table"))
            previous = None
            continue
        text = line.cells[0] if line.cells else line.text
        if previous is not None and blocks and _continues(previous, line, left, right):
            blocks[-1] = Block(blocks[-1].text + text, "text")
        else:
            blocks.append(Block(text, "text"))
        previous = line
    return blocks


def read_pdf(name: str, data: bytes) -> Document:
    """Blocks of a PDF's text layer; encrypted, huge or image-only files are refused."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(
                f"文件 {name} 是加密 PDF（需要密码），无法核查；请提供未加密的文件"
            ) from exc
        raise DocumentError(
            f"文件 {name} 不是可读取的 PDF：文件结构已损坏或并非 PDF，无法解析"
        ) from exc
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            raise DocumentError(
                f"文件 {name} 有 {pages} 页，超过 {MAX_PAGES} 页上限，无法核查；请拆分后再试"
            )
        lines: list[_Line] = []
        for number in range(pages):
            page = pdf[number]
            height = page.get_height()
            textpage = page.get_textpage()
            lines += _lines(textpage, number, height)
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise DocumentError(
            f"文件 {name} 不是可读取的 PDF：文件结构已损坏或并非 PDF，无法解析"
        ) from exc
    finally:
        pdf.close()
    if not any(line.text.strip() for line in lines):
        raise DocumentError(
            f"文件 {name} 没有文本层（可能是扫描件或图片），无法核查；请先做文字识别（OCR）"
        )
    running = _running(lines, pages)
    kept = [line for i, line in enumerate(lines) if i not in running]
    return Document.from_blocks(name, _blocks(kept, _toc(kept)), "pdf", pages)
