"""Document hygiene: leftovers from editing, wrong years in captions, garbled text, 文号.

These are not arithmetic, but each one tells a reader the report was not proofread, and
each is cheap to find with a pattern: a local file path, a Word bookmark, document
properties pasted into the text, a caption dated another year, replacement characters.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context

__all__ = ["check_doc_numbers", "check_garbled", "check_leftovers", "check_years", "fiscal_year"]

_LEFTOVERS = (
    ("本地文件路径", re.compile(r"[A-Za-z]:\\(?:[^\\\n\]|]{1,80}\\)+[^\\\n\]|]{0,40}")),
    ("本地文件路径", re.compile(r"(?:file:///|/(?:home|Users)/[\w.-]+/)[^\s\]]{0,80}")),
    ("Word 书签标记", re.compile(r"\[bookmark:[^\]\n]{0,80}\]|\b_GoBack\b|\b_Toc\d{6,}\b")),
    (
        "Word 域代码或错误提示",
        re.compile(
            r"MERGEFORMAT|错误[!！]\s*未(?:定义书签|找到引用源)|Error! (?:Bookmark|Reference)"
        ),
    ),
    ("文档属性（时间戳）", re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b")),
    ("文档属性（标识码）", re.compile(r"\b[0-9A-F]{32}\b")),
)
_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_FISCAL = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年度")
_CAPTION = re.compile(r"\[image:[^\]\n]{0,300}\]|^\s*(?:图为|图片|图\s*\d+)[:：][^\n]{0,120}", re.M)
_TITLE = re.compile(
    r"^[^\n]{0,40}?((?:19|20)\d\d)\s*年度?[^\n]{0,40}(?:自评报告|评价报告|自评表)\s*$", re.M
)
_GARBLED = re.compile(r"[^\n]{0,8}(?:\ufffd|锟斤拷|烫烫烫|屯屯屯)+[^\n]{0,8}")
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,8}(?:[〔【\[](\d{1,6})(?:[〕】\]])?|(\d{1,6})[〕】\]])\d{1,4}号"
)


def fiscal_year(ctx: Context) -> int | None:
    """The report's year: the first "YYYY年度" near the top, else the most common one."""
    head = ctx.doc.norm[:600]
    match = _FISCAL.search(head)
    if match:
        return int(match.group(1))
    counts = Counter(int(m.group(1)) for m in _FISCAL.finditer(ctx.doc.norm))
    return counts.most_common(1)[0][0] if counts else None


def check_leftovers(ctx: Context) -> list[Problem]:
    """Paths, bookmarks and document properties left in the published text."""
    problems: list[Problem] = []
    taken: list[tuple[int, int]] = []
    for what, pattern in _LEFTOVERS:
        for match in pattern.finditer(ctx.doc.norm):
            if any(s <= match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            text = ctx.doc.text[match.start() : match.end()]
            problems.append(
                make("audit.leftover", ctx.location(*match.span()), what=what, text=text[:60])
            )
    return problems


def check_years(ctx: Context) -> list[Problem]:
    """Captions and report titles dated another year than the report's."""
    year = fiscal_year(ctx)
    if year is None:
        return []
    problems = []
    for where, pattern in (("图片或图注", _CAPTION), ("报告标题", _TITLE)):
        for match in pattern.finditer(ctx.doc.norm):
            years = {int(y) for y in _YEAR_IN.findall(match.group(0))}
            if where == "图片或图注" and re.search(r"[A-Za-z]:\\", match.group(0)):
                continue  # a file path, reported as a leftover
            wrong = sorted(y for y in years if y != year)
            if wrong and (where == "图片或图注" or year not in years):
                problems.append(
                    make(
                        "audit.year-mismatch",
                        ctx.location(*match.span()),
                        where=where,
                        year=wrong[0],
                        fiscal_year=year,
                        text=ctx.doc.text[match.start() : match.end()].strip()[:60],
                    )
                )
    return problems


def check_garbled(ctx: Context) -> list[Problem]:
    """Replacement characters and classic mojibake: the text there is lost."""
    problems = []
    for match in _GARBLED.finditer(ctx.doc.text):
        problems.append(
            make("audit.garbled-text", ctx.location(*match.span()), text=match.group(0).strip())
        )
        if len(problems) >= 5:
            break
    return problems


def check_doc_numbers(ctx: Context) -> list[Problem]:
    """文号 must read 机关代字〔YYYY〕N号 with both brackets and a four-digit year."""
    problems = []
    for match in _DOC_NUMBER.finditer(ctx.doc.norm):
        text = match.group(0)
        year = match.group(1) or match.group(2) or ""
        opened = any(c in text for c in "〔【[")
        closed = any(c in text for c in "〕】]")
        if opened and closed and len(year) == 4:
            continue
        problems.append(
            make(
                "audit.doc-number",
                ctx.location(*match.span()),
                text=ctx.doc.text[slice(*match.span())],
            )
        )
    return problems
