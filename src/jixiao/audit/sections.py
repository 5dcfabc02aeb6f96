"""The document's own numbering: headings (一、 （二） 3. （4） ①) and section paths.

Why from the numbering and not from fonts: txt, html and pdf keep no styles, and the
reports number every heading by hand, so the numbers are the one outline all formats
share. The same parse feeds section paths (for locations) and the numbering checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.formats.document import Document

__all__ = [
    "STYLE_ORDER",
    "Heading",
    "chinese_int",
    "find_headings",
    "section_paths",
    "section_stacks",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS.update({"七": 7, "八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

# Outline levels from the top down, as national templates use them.
STYLE_ORDER = ("cn", "cn_paren", "arabic", "arabic_paren", "circled")
STYLE_LABEL = {
    "cn": "一、",
    "cn_paren": "（一）",
    "arabic": "1.",
    "arabic_paren": "（1）",
    "circled": "①",
}
_PATTERNS = (
    ("cn", re.compile(r"([一二三四五六七八九十]{1,3})[、.]")),
    ("cn_paren", re.compile(r"[(（]([一二三四五六七八九十]{1,3})[)）]")),
    ("arabic", re.compile(r"(\d{1,2})(?:[、]|\.(?!\d))")),
    ("arabic_paren", re.compile(r"[(（](\d{1,2})[)）]")),
    ("circled", re.compile(r"([①-⑳])")),
)
_LEAD = re.compile(r"[ \t]*(?:\[bookmark:[^\]]*\][ \t]*)?")


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered paragraph start: style, number, and where it is."""

    paragraph: int
    style: str
    number: int
    start: int
    end: int
    text: str

    @property
    def short(self) -> bool:
        """A real heading is short and not a full sentence (list items are sentences)."""
        body = self.text.rstrip()
        return len(body) <= 30 and not body.endswith(("。", "；", ";", "，", ","))


def chinese_int(text: str) -> int | None:
    """Value of a Chinese numeral up to the thousands ("二十三" → 23); None if not one."""
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


def _number(style: str, token: str) -> int | None:
    if style in {"cn", "cn_paren"}:
        return chinese_int(token)
    if style == "circled":
        return ord(token) - ord("①") + 1
    return int(token)


def find_headings(doc: Document) -> list[Heading]:
    """Every paragraph that starts with an outline number."""
    found: list[Heading] = []
    for para in doc.paragraphs:
        if para.kind != "text":
            continue  # table rows and the table of contents number items, not sections
        text = doc.para_text(para)
        lead = _LEAD.match(text)
        offset = lead.end() if lead else 0
        for style, pattern in _PATTERNS:
            match = pattern.match(text, offset)
            if not match:
                continue
            number = _number(style, match.group(1))
            if number is None or number == 0:
                break
            rest = text[match.end() :].strip()
            found.append(Heading(para.index, style, number, para.start + offset, para.end, rest))
            break
    return found


def section_stacks(doc: Document, headings: list[Heading]) -> list[tuple[Heading, ...]]:
    """For each paragraph, the headings above it from the top level down."""
    by_para = {h.paragraph: h for h in headings}
    stack: list[Heading] = []
    out: list[tuple[Heading, ...]] = []
    for para in doc.paragraphs:
        heading = by_para.get(para.index)
        if heading is not None:
            level = STYLE_ORDER.index(heading.style)
            while stack and STYLE_ORDER.index(stack[-1].style) >= level:
                stack.pop()
            stack.append(heading)
        out.append(tuple(stack))
    return out


def section_paths(doc: Document, headings: list[Heading]) -> list[str]:
    """For each paragraph, the chain of headings above it ("二、… › （一）…")."""
    by_para = {h.paragraph: h for h in headings}
    stack: list[tuple[int, str]] = []
    paths: list[str] = []
    for para in doc.paragraphs:
        heading = by_para.get(para.index)
        if heading is not None:
            level = STYLE_ORDER.index(heading.style)
            while stack and stack[-1][0] >= level:
                stack.pop()
            label = doc.text[heading.start : heading.end].strip()
            stack.append((level, label[:16]))
        paths.append(" › ".join(label for _, label in stack))
    return paths
