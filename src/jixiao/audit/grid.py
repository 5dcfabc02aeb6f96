"""Flattened 自评表 funding grids: a header row of column words, then one row per fund.

Why: the national project self-evaluation form opens with a funding block whose columns
are 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分. Published as web text or
OCR, the block loses its table and becomes lines such as "年度资金总额 29 29 27.8 9 0.958 8"
under a header line, or cells run together ("50万元47.6895.00%"). The header words say
which number is which, so each row can be read back into columns and its 执行率 checked
against its own 执行数 ÷ 预算数, whatever the layout.

Glued cells are split by the forms' own convention: amounts carry at most two decimals,
so "47.6895.00" is 47.68 followed by 95.00. A rate cell written as a fraction (0.958)
is read as a percentage with two fewer decimal places (95.8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.audit.claims import Breakdown
from jixiao.audit.figures import Fig

if TYPE_CHECKING:
    from jixiao.formats.document import Document

__all__ = ["Cell", "GridRow", "cell_fig", "find_grid_rows", "grid_breakdowns", "split_cells"]

# Column words of the funding block, longest first so 预算执行率 wins over 执行率.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("年初预算数", "initial"),
    ("全年预算数", "budget"),
    ("全年执行数", "spent"),
    ("预算执行率", "rate"),
    ("执行率", "rate"),
    ("分值", "weight"),
    ("得分", "score"),
)
_HEADER = re.compile("|".join(re.escape(word) for word, _ in COLUMNS))
_TOKEN = re.compile(r"\d+(?:\.\d+)?")
_AFTER = re.compile(r"\s*(万元|元|%)?")
_MAX_ROWS = 6


@dataclass(frozen=True, slots=True)
class Cell:
    """One number of a grid row: its column, value as written and offsets."""

    column: str
    value: Decimal
    places: int
    unit: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GridRow:
    """A row of the funding block: its label, its cells by column and the block it is in.

    `complete` is False when some row of the block has numbers that do not fit the
    columns: column sums over such a block would miss a part.
    """

    label: str
    paragraph: int
    cells: dict[str, Cell]
    block: int = 0
    complete: bool = True


def split_cells(text: str) -> list[tuple[str, int, int, str]]:
    """Numbers of a row as (digits, start, end, unit), splitting cells run together.

    >>> [t[0] for t in split_cells("12万元8.5090.00%")]
    ['12', '8.50', '90.00']
    """
    out: list[tuple[str, int, int, str]] = []
    pos = 0
    while True:
        match = _TOKEN.search(text, pos)
        if match is None:
            return out
        digits, end = match.group(0), match.end()
        glued = re.match(r"\.\d", text[end:])
        if glued and "." in digits:
            head = digits.index(".") + 3  # two decimals, then the next cell begins
            digits, end = digits[:head], match.start() + head
        after = _AFTER.match(text, end)
        unit = after.group(1) or "" if after else ""
        out.append(
            (digits, match.start(), end + (len(after.group(0)) if after and unit else 0), unit)
        )
        pos = end + (len(after.group(0)) if after and unit else 0)


def _columns(text: str) -> list[str]:
    """Column roles of a header row; a header is short and mostly column words."""
    matches = list(_HEADER.finditer(text))
    found = [dict(COLUMNS)[m.group(0)] for m in matches]
    if "spent" not in found or "budget" not in found:
        return []
    words = sum(len(m.group(0)) for m in matches)
    # Cell rules and column formulas ("(B/A)") are layout, not words.
    rest = re.sub(r"[\s|│]|[(（][A-Z/×%0-9]*[)）]", "", text)
    return found if words * 2 >= len(rest) else []


def find_grid_rows(doc: Document) -> list[GridRow]:
    """Rows under every funding-block header whose numbers match the header's columns."""
    rows: list[GridRow] = []
    paragraphs = doc.paragraphs
    for para in paragraphs:
        columns = _columns(doc.para_text(para))
        if not columns:
            continue
        block: list[GridRow] = []
        complete = True
        for follow in paragraphs[para.index + 1 : para.index + 1 + _MAX_ROWS]:
            text = doc.para_text(follow)
            first = re.search(r"\d", text)
            if first is None:
                continue
            if _columns(text):
                break
            tokens = split_cells(text)
            label = re.sub(r"[(（]\s*万?元\s*[)）]|[\s:：|]+", "", text[: first.start()])
            label = label.removeprefix("其中")
            if len(tokens) != len(columns) or not label or first.start() > 24:
                complete = False
                continue
            cells = {}
            for column, (digits, start, end, unit) in zip(columns, tokens, strict=True):
                places = len(digits.split(".")[1]) if "." in digits else 0
                cells[column] = Cell(
                    column, Decimal(digits), places, unit, follow.start + start, follow.start + end
                )
            block.append(GridRow(label, follow.index, cells, para.index))
        rows += [GridRow(r.label, r.paragraph, r.cells, r.block, complete) for r in block]
    return rows


def cell_fig(doc: Document, cell: Cell, label: str, value: Decimal, places: int, unit: str) -> Fig:
    """A grid cell as a figure, so findings quote and locate it like any other."""
    para = doc.paragraph_at(cell.start)
    kind = "percent" if unit == "%" else "money"
    return Fig(value, unit, kind, cell.start, cell.end, label, para.index, para.index, 0,
               places, raw_unit=cell.unit)  # fmt: skip


TOTAL_ROW = re.compile(r"总额|合计|总计|总分")
"""A row label that names a total (合计行, a score grid's 总分行): its cells are the sums of
the rows under it, and it closes the grid."""
_AMOUNT_COLUMNS = {"initial": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}


def grid_breakdowns(doc: Document, rows: list[GridRow]) -> list[Breakdown]:
    """Each amount column of a funding block: the total row is the sum of the rows below.

    The form lists every source of funds under 其中 (rows left blank hold nothing), so a
    complete block is an exhaustive breakdown, column by column.
    """
    blocks: dict[int, list[GridRow]] = {}
    for row in rows:
        blocks.setdefault(row.block, []).append(row)
    found: list[Breakdown] = []
    for block in blocks.values():
        head, *below = block
        if not below or not head.complete or not TOTAL_ROW.search(head.label):
            continue
        for column, name in _AMOUNT_COLUMNS.items():
            cells = [r.cells.get(column) for r in block]
            if any(c is None for c in cells):
                continue
            figs = [
                cell_fig(doc, c, f"{r.label}{name}", c.value, c.places, "万元")
                for r, c in zip(block, cells, strict=True)
                if c is not None
            ]
            found.append(Breakdown(figs[0], figs[1:], "table", True))
    return found
