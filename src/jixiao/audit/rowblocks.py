"""Row blocks of flattened forms: a total row, its 其中 rows, and blocks that add up.

Why: funding forms published as text keep one row per line — "年度预算资金总额: 320.50",
"其中:中央补助 160.00", "省级资金 140.00", "县级资金 20.50" — with no words saying that
the rows below 其中 make up the row above; the form's layout says it. A block is a row
with one number followed by a 其中 row and its sibling rows. When a block is titled as a
total (合计/总计/汇总) and the blocks after it repeat its row labels, each of its rows is
the sum of the same rows below (a grand-total table over sub-tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from jixiao.audit.claims import Breakdown
from jixiao.audit.grid import TOTAL_ROW

if TYPE_CHECKING:
    from jixiao.audit.figures import Fig
    from jixiao.formats.document import Document

__all__ = ["find_cell_columns", "find_row_blocks"]

_ROW = re.compile(r"^\s*(?:其中\s*[:：]\s*)?([^\d]{1,30}?)\s*[:：]?\s*$")
_PART_HEAD = re.compile(r"^\s*其中\s*[:：]?")
_TOTAL_TITLE = re.compile(r"合计|总计|汇总")
_ROW_KINDS = frozenset({"money", "bare"})


@dataclass(slots=True)
class _Block:
    title: str
    total: Fig
    rows: dict[str, Fig]


def _row(doc: Document, index: int, figs: dict[int, list[Fig]]) -> tuple[str, Fig] | None:
    """A paragraph that is one label and one number ("市级资金 136.00")."""
    para_figs = figs.get(index, [])
    if len(para_figs) != 1 or para_figs[0].kind not in _ROW_KINDS:
        return None
    fig = para_figs[0]
    para = doc.paragraphs[index]
    if doc.norm[fig.end : para.end].strip():
        return None
    match = _ROW.match(doc.norm[para.start : fig.start])
    if match is None:
        return None
    label = re.sub(r"[(（][^)）]*[)）]|\s", "", match.group(1))
    return (label, fig) if label else None


def _blocks(doc: Document, figs: dict[int, list[Fig]]) -> list[tuple[int, _Block]]:
    blocks: list[tuple[int, _Block]] = []
    count = len(doc.paragraphs)
    index = 0
    while index < count - 2:
        head = _row(doc, index, figs)
        first = doc.para_text(doc.paragraphs[index + 1])
        if head is None or not _PART_HEAD.match(first):
            index += 1
            continue
        rows: dict[str, Fig] = {}
        follow = index + 1
        while follow < count:
            row = _row(doc, follow, figs)
            if row is None or (rows and _PART_HEAD.match(doc.para_text(doc.paragraphs[follow]))):
                break
            rows.setdefault(row[0], row[1])
            follow += 1
        if len(rows) >= 2:
            before = doc.para_text(doc.paragraphs[index - 1]) if index else ""
            own = doc.norm[doc.paragraphs[index].start : head[1].start]
            title = before if before.strip() and not re.search(r"\d", before) else own
            blocks.append((index, _Block(title, head[1], rows)))
        index = max(follow, index + 1)
    return blocks


def _same_kind(total: Fig, parts: list[Fig]) -> bool:
    return all(p.kind == total.kind and p.unit == total.unit for p in parts)


def find_row_blocks(doc: Document, all_figs: list[Fig]) -> list[Breakdown]:
    """Breakdowns stated by form layout: 其中 rows, and grand-total blocks."""
    figs: dict[int, list[Fig]] = {}
    for fig in all_figs:
        figs.setdefault(fig.paragraph, []).append(fig)
    blocks = _blocks(doc, figs)
    found: list[Breakdown] = []
    for _, block in blocks:
        parts = list(block.rows.values())
        if _same_kind(block.total, parts):
            found.append(Breakdown(block.total, parts, "table", True))
    for position, (_, block) in enumerate(blocks):
        if not _TOTAL_TITLE.search(block.title):
            continue
        below: list[_Block] = []
        for _, other in blocks[position + 1 :]:
            if _TOTAL_TITLE.search(other.title) or not set(other.rows) & set(block.rows):
                break
            below.append(other)
        if len(below) < 2:
            continue
        parts = [other.total for other in below]
        if _same_kind(block.total, parts):
            found.append(Breakdown(block.total, parts, "table", True))
        for label, total in block.rows.items():
            column = [other.rows[label] for other in below if label in other.rows]
            if len(column) >= 2 and _same_kind(total, column):
                found.append(Breakdown(total, column, "table", True))
    return found


_NUMBER_CELL = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*$")
_NOT_A_ROW = re.compile(r"小计|其中")


def find_cell_columns(doc: Document, all_figs: list[Fig], paths: list[str]) -> list[Breakdown]:
    """Word tables flattened one cell per paragraph: the 合计 row's number sums the column.

    "支出内容 / 实际支出数 / 备注 / 上半年补助 / 67 / … / 优抚解三难 / 9.1 / … / 支出合计 /
    179.6": each row gives a label cell, then its one number cell, then text cells; the
    row labelled as a total (grid.TOTAL_ROW) closes the table. A number cell right after
    another number cell means more than one number column, and a 小计/其中 row means nested
    totals: such tables are not read. The run restarts at every new section. Linear.
    """
    by_para = {fig.paragraph: fig for fig in all_figs}
    found: list[Breakdown] = []
    run: list[Fig] = []
    broken = False
    last_text = ""  # the nearest earlier non-empty cell
    last_was_number = False
    path = None
    for para in doc.paragraphs:
        text = doc.para_text(para).strip()
        if not text:
            continue
        if paths[para.index] != path:
            path, run, broken, last_was_number = paths[para.index], [], False, False
        fig = by_para.get(para.index)
        if fig is None or not _NUMBER_CELL.match(text) or fig.kind not in _ROW_KINDS:
            last_text, last_was_number = text, False
            continue
        if last_was_number or _NOT_A_ROW.search(last_text):
            broken = True
        if TOTAL_ROW.search(last_text):
            if not broken and len(run) >= 2 and _same_kind(fig, run):
                total = replace(fig, label=last_text)  # "支出合计", not the cleaned "支出"
                found.append(Breakdown(total, run, "table", True))
            run, broken = [], False
        else:
            run.append(fig)
        last_was_number = True
    return found
