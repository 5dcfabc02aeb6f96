"""Indicator-score grids: a first-level indicator's points are the sum of its rows' points.

Why: the 自评表 lists indicators under first-level groups that carry their points in the
caption ("产出指标(50分)"), with one row per indicator whose 分值 column gives that
indicator's points. Published as web text the grid becomes one run of words and numbers
("…项目总成本 ≤90万元 90 8 8 单项业务成本 …"), but the header still says where 分值 sits:
when 分值 is directly followed by 得分, every row ends on its 分值 and 得分, so each run
of numbers closes with them. A group whose rows do not all end so stays unread.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jixiao.audit.claims import Breakdown
from jixiao.audit.grid import TOTAL_ROW

if TYPE_CHECKING:
    from jixiao.audit.figures import Fig
    from jixiao.formats.document import Document

__all__ = ["score_groups"]

_HEADER = re.compile(r"分值\s+得分")
_GROUP = re.compile(r"[\u4e00-\u9fff]{2,12}[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MAX_TABLE = 6000


def _rows(text: str, base: int, start: int, end: int) -> tuple[list[int], bool] | None:
    """Offsets of each row's 分值 between two group captions, and whether the grid closes.

    The grid closes at its total row (grid.TOTAL_ROW: 总分, 合计); None if a row is unclear.
    """
    run: list[int] = []
    points: list[int] = []
    closed = False
    for token in _TOKEN.finditer(text, start, end):
        if TOTAL_ROW.search(token.group(0)):
            closed = True
            break
        if _NUMBER.fullmatch(token.group(0)):
            run.append(base + token.start())
            continue
        if run:
            if len(run) < 2:
                return None
            points.append(run[-2])
            run = []
    if run:
        if len(run) < 2:
            return None
        points.append(run[-2])
    return points, closed


def _common_suffix(a: str, b: str) -> str:
    """The longest ending two names share."""
    size = 0
    while size < min(len(a), len(b)) and a[-1 - size] == b[-1 - size]:
        size += 1
    return a[len(a) - size :]


def _nested(text: str, base: int, by_start: dict[int, Fig]) -> list[Breakdown]:
    """Captions nested in a caption, whose points add up to the parent's.

    A caption followed at once by captions of the level below ("项目产出(30分)数量指标(10分)
    …质量指标(5分)…"): the children are the run of captions that share a name ending the
    parent does not have. Linear: names are cut once, the shared ending shrinks as a run
    grows (so each step is one comparison of two names of at most 12 characters), and a
    caption sits in at most 12 runs, since each run that holds it ends on a longer name
    ending than the run before.
    """
    found: list[Breakdown] = []
    captions = list(_GROUP.finditer(text))
    names = [m.group(0)[: m.group(0).index(m.group(1)) - 1] for m in captions]
    for index, parent in enumerate(captions[:-2]):
        child = captions[index + 1]
        if text[parent.end() : child.start()].strip():
            continue  # rows in between: the next caption is a sibling, not a child
        run = [index + 1]
        suffix = names[index + 1]
        for other in range(index + 2, len(captions)):
            shared = _common_suffix(suffix, names[other])
            if len(shared) < 2 or names[index].endswith(shared):
                break
            suffix = shared
            run.append(other)
        if len(run) < 2:
            continue
        total = by_start.get(base + parent.start(1))
        parts = [by_start.get(base + captions[i].start(1)) for i in run]
        if total is not None and all(p is not None for p in parts):
            closed = run[-1] + 1 < len(captions)
            found.append(Breakdown(total, [p for p in parts if p is not None], "table", closed))
    return found


def score_groups(doc: Document, figs: list[Fig]) -> list[Breakdown]:
    """Each first-level group's points against the 分值 of its rows."""
    by_start = {f.start: f for f in figs}
    found: list[Breakdown] = []
    scored = "得分" in doc.norm or "分值" in doc.norm  # a grid of points somewhere
    for para in doc.paragraphs:
        text = doc.para_text(para)
        if scored:
            found += _nested(text, para.start, by_start)
        header = _HEADER.search(text)
        if header is None:
            continue
        groups = list(_GROUP.finditer(text, header.end(), min(len(text), _MAX_TABLE)))
        for index, group in enumerate(groups):
            end = groups[index + 1].start() if index + 1 < len(groups) else len(text)
            read = _rows(text, para.start, group.end(), end)
            total = by_start.get(para.start + group.start(1))
            if read is None or len(read[0]) < 2 or total is None:
                continue
            rows, closed = read
            parts = [by_start[r] for r in rows if r in by_start]
            # The last group of an excerpt that stops mid-grid may have lost rows.
            complete = closed or index + 1 < len(groups)
            if len(parts) == len(rows):
                found.append(Breakdown(total, parts, "table" if complete else "list", complete))
    return found
