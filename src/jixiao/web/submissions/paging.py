"""Pages of a list tab: which rows of 项目支出 / 部门整体绩效指标 one page shows.

A province's largest unit has 2,000 projects of ten indicators each, and an honest
workbook 20,000: drawn whole, the 项目支出 tab of 2,000 projects was ~71,000 inputs, took a
minute to open and its save exceeded every sane per-request field limit. So a tab whose
one root is a list shows `PAGE_SIZE` rows at a time. Inputs keep their absolute paths
("projects[1234].name"), so problems, sums and the history read them unchanged; the page
names the rows it shows in a hidden `_rows` input ("1200-1249", or "3,17,40-42" under a
filter), and a save replaces exactly those rows of the stored list (`formdata.merge_rows`).

Everything a URL or a post carries is bounded before any work: page numbers are clamped
(a negative, huge or non-numeric page shows a real page and says so), a filter is cut to
`MAX_QUERY_CHARS`, and `_rows` may name at most `PAGE_SIZE` rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from jixiao.web.submissions.formspec import Section, lookup

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "MAX_QUERY_CHARS",
    "PAGE_SIZE",
    "Page",
    "RowsError",
    "choose_page",
    "page_of_row",
    "paged_root",
    "parse_rows",
    "rows_at",
    "rows_text",
]

PAGE_SIZE = 50
"""Rows per page: 50 projects of ten indicators are ~6,000 inputs, a page a browser draws
in well under a second and a post far below the per-request field limit."""
MAX_QUERY_CHARS = 50
"""A filter longer than any project name or number is cut, not refused."""
_MAX_ROWS_CHARS = 1_000
_RANGE = re.compile(r"(\d{1,9})(?:-(\d{1,9}))?", re.ASCII)
_NAME_FIELDS = ("name", "code")
"""What the filter matches in a row: its name and its number (项目编码)."""


class RowsError(ValueError):
    """A `_rows` value no page of ours writes (garbage, or more rows than a page holds)."""


@dataclass(frozen=True)
class Page:
    """One page of a paged list: the absolute row indices it shows, of how many.

    `number` is 1-based; `count` the pages (at least 1); `total` the rows of the list;
    `matched` the rows the filter `query` keeps (all of them without a filter); `note` a
    Chinese remark when the asked page did not exist and another one is shown.
    """

    root: str
    number: int
    count: int
    total: int
    matched: int
    rows: tuple[int, ...]
    query: str = ""
    note: str = ""

    @property
    def rows_text(self) -> str:
        """The `_rows` value of this page."""
        return rows_text(self.rows)

    @property
    def first(self) -> int:
        """The 1-based number of the page's first row among the matched ones (0: none)."""
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        """The 1-based number of the page's last row among the matched ones."""
        return (self.number - 1) * PAGE_SIZE + len(self.rows)


@cache
def paged_root(section: Section) -> str | None:
    """The list a tab pages: its one root, when that root is a list; else None."""
    if len(section.roots) != 1:
        return None
    root = section.roots[0]
    return root if lookup(root)[1] else None


def rows_at(data: Mapping[str, Any], root: str) -> Sequence[Any]:
    """The list at `root` in a data tree ([] when missing or not a list)."""
    value: Any = data
    for part in root.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, list) else []


def _matches(row: Any, needle: str) -> bool:
    if not isinstance(row, dict):
        return False
    return any(needle in str(row.get(name) or "").casefold() for name in _NAME_FIELDS)


def _number(raw: str) -> int | None:
    """A page number as typed: digits (a huge one is "past the end"), else None."""
    text = raw.strip()
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if not (digits.isascii() and digits.isdigit()):
        return None
    if negative:
        return -1
    return int(digits) if len(digits) <= 9 else 10**9


def choose_page(
    section: Section, data: Mapping[str, Any], page: str = "", query: str = ""
) -> Page | None:
    """The page `?page=…&q=…` asks for, clamped to the pages that exist; None if not paged.

    Anything that is not a page number — negative, zero, huge, words — shows the nearest
    real page with a note; it is never an error, since a link may simply be old.
    """
    root = paged_root(section)
    if root is None:
        return None
    rows = rows_at(data, root)
    needle = query.strip()[:MAX_QUERY_CHARS]
    folded = needle.casefold()
    matched = (
        [i for i, row in enumerate(rows) if _matches(row, folded)] if folded else range(len(rows))
    )
    count = max(1, -(-len(matched) // PAGE_SIZE))
    asked = _number(page) if page.strip() else 1
    number = min(max(asked or 1, 1), count)
    note = ""
    if page.strip() and asked != number:
        note = f"没有第“{page.strip()[:12]}”页，已显示第{number}页（共{count}页）。"
    start = (number - 1) * PAGE_SIZE
    shown = tuple(matched[start : start + PAGE_SIZE])
    return Page(root, number, count, len(rows), len(matched), shown, needle, note)


def page_of_row(index: int) -> int:
    """The unfiltered page showing row `index` (0-based): where a problem link leads."""
    return index // PAGE_SIZE + 1


def rows_text(rows: Sequence[int]) -> str:
    """Row indices as runs: (0, 1, 2, 7) → "0-2,7"."""
    runs: list[str] = []
    start = previous = -2
    for index in rows:
        if index == previous + 1:
            previous = index
            continue
        if start >= 0:
            runs.append(f"{start}-{previous}" if previous > start else str(start))
        start = previous = index
    if start >= 0:
        runs.append(f"{start}-{previous}" if previous > start else str(start))
    return ",".join(runs)


def parse_rows(text: str) -> tuple[int, ...]:
    """The rows a posted `_rows` names, in order, each once.

    Raises:
        RowsError: not runs of digits, a run backwards, or more than `PAGE_SIZE` rows.
    """
    if len(text) > _MAX_ROWS_CHARS:
        raise RowsError(text[:40])
    out: list[int] = []
    seen: set[int] = set()
    for part in text.split(",") if text.strip() else []:
        found = _RANGE.fullmatch(part.strip())
        if found is None:
            raise RowsError(part[:40])
        start = int(found.group(1))
        end = int(found.group(2)) if found.group(2) else start
        if end < start or end - start >= PAGE_SIZE or len(out) + end - start >= PAGE_SIZE:
            raise RowsError(part[:40])
        for index in range(start, end + 1):
            if index not in seen:
                seen.add(index)
                out.append(index)
    return tuple(out)
