"""The one document model every reader produces: blocks in reading order, with kinds.

Why one flat text with offsets: every audit finding quotes its evidence by character
offsets, and the same offsets drive the HTML highlighting, so txt, docx, html and pdf all
become paragraphs (prose paragraphs, table rows with cells separated by tabs, table of
contents lines) joined by newlines. `norm` is a same-length twin of the text with
traditional characters made simplified (OpenCC, a maintained converter) and full-width
forms made ASCII, so the rules see one script while quotes keep the original.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal

__all__ = ["Block", "Document", "DocumentError", "Paragraph", "normalise"]

Kind = Literal["text", "table", "toc"]


class DocumentError(Exception):
    """The input cannot be read at all; `message` is Chinese and names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph as a reader found it: text and kind (prose, table row, contents)."""

    text: str
    kind: Kind = "text"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (or table row) with its offsets in `Document.text`."""

    index: int
    start: int
    end: int
    kind: Kind = "text"


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


_SPACES = {0x3000, 0x00A0, 0x202F, 0x205F, 0xFEFF, *range(0x2000, 0x200C)}


def _width(char: str) -> str:
    """Full-width letters, digits and signs as ASCII; other characters as they are."""
    code = ord(char)
    if code in _SPACES:
        return " "
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    return char


def normalise(text: str) -> str:
    """Simplified, half-width twin of `text` with exactly the same length.

    OpenCC converts by phrase; where a phrase would change length (rare), that line is
    converted character by character so every offset still points at the same place.
    """
    converter = _converter()
    lines = []
    for line in text.split("\n"):
        if line.isascii():
            lines.append(line)
            continue
        simple = converter.convert(line)  # type: ignore[attr-defined]
        if len(simple) != len(line):
            simple = "".join(
                c if len(s := converter.convert(c)) != 1 else s  # type: ignore[attr-defined]
                for c in line
            )
        lines.append("".join(_width(c) for c in simple))
    return "\n".join(lines)


@dataclass(slots=True)
class Document:
    """The report as text, its normalised twin (same length) and its paragraphs."""

    name: str
    text: str
    fmt: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    norm: str = ""
    pages: int = 0

    @classmethod
    def from_blocks(cls, name: str, blocks: list[Block], fmt: str, pages: int = 0) -> Document:
        """Join blocks with newlines and record where each one lies and what it is."""
        paragraphs: list[Paragraph] = []
        parts: list[str] = []
        pos = 0
        for block in blocks:
            for line in block.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                line = line.replace("\x00", "")
                paragraphs.append(Paragraph(len(paragraphs), pos, pos + len(line), block.kind))
                parts.append(line)
                pos += len(line) + 1
        text = "\n".join(parts)
        return cls(name, text, fmt, paragraphs, normalise(text), pages)

    @classmethod
    def from_paragraphs(cls, name: str, parts: list[str], fmt: str) -> Document:
        """Paragraphs of prose, in order."""
        return cls.from_blocks(name, [Block(p) for p in parts], fmt)

    @classmethod
    def from_text(cls, name: str, text: str, fmt: str) -> Document:
        """Split a text into paragraphs at newlines."""
        return cls.from_blocks(name, [Block(text)], fmt)

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
