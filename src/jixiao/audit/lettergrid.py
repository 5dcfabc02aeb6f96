"""Funding grids whose columns are lettered and whose rate columns carry their formula.

Why: many provincial forms label each amount column with a letter and each rate column
with its formula — "全年预算数 (A) … 全年到位资金 (D) 预算到位 (D/C×100%) 全年执行资金 (E)
预算执行 (E/C×100%)". Published as text, each header cell and each letter sits on a line
of its own and a row breaks over two lines ("年度资金总额(万元): 1 52.80" / "52.80 52.80
100.00% 30.80 58.33%"). The letters say what every rate is, whatever the column words are:
each rate is checked against its own row's cells, and each amount column of the total row
against the rows under it.

Empty cells leave no mark in flattened text, so a row's amounts are placed by the rates
around them: the amounts between two rate cells fill the amount columns just before the
second one (a rate follows the amounts it divides). Rows placed differently from the
total row are not summed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.audit.claims import Breakdown
from jixiao.audit.grid import TOTAL_ROW, Cell, cell_fig, split_cells

if TYPE_CHECKING:
    from jixiao.audit.figures import Fig
    from jixiao.formats.document import Document

__all__ = ["LetterRow", "letter_breakdowns", "letter_rates", "letter_rows"]

_LETTER = re.compile(r"^\s*[(（]\s*([A-Z])\s*[)）]\s*$")
_FORMULA = re.compile(r"^\s*[(（]\s*([A-Z])\s*/\s*([A-Z])\s*[×x*]?\s*(?:100\s*%)?\s*[)）]\s*$")
_UNIT_NOTE = re.compile(r"[(（][^)）]*[)）]|[\s:：]+")
_MAX_ROWS = 12


@dataclass(frozen=True, slots=True)
class LetterRow:
    """One row: its label, its amounts by letter, its rates by formula, its placement."""

    label: str
    block: int
    amounts: dict[str, Cell]
    rates: dict[tuple[str, str], Cell]
    shape: tuple[int, ...]


def _header(doc: Document, start: int) -> tuple[list[tuple[str, ...]], bool, int] | None:
    """Columns of a lettered header beginning at paragraph `start`, 行次 present, end."""
    columns: list[tuple[str, ...]] = []
    numbered = "行次" in doc.para_text(doc.paragraphs[start])
    index = start
    while index < len(doc.paragraphs) and index - start < 40:
        text = doc.para_text(doc.paragraphs[index])
        letter, formula = _LETTER.match(text), _FORMULA.match(text)
        if letter:
            columns.append((letter.group(1),))
        elif formula:
            columns.append((formula.group(1), formula.group(2)))
        elif re.search(r"\d", text) and not text.lstrip().startswith("列次"):
            break
        index += 1
    if sum(len(c) == 2 for c in columns) == 0 or sum(len(c) == 1 for c in columns) < 2:
        return None
    return columns, numbered, index


def _place(
    columns: list[tuple[str, ...]], tokens: list[tuple[str, int, int, str]], base: int
) -> tuple[dict[str, Cell], dict[tuple[str, str], Cell], tuple[int, ...]] | None:
    """Cells of a row by column, amounts right-aligned before each rate (see module doc)."""
    amounts: dict[str, Cell] = {}
    rates: dict[tuple[str, str], Cell] = {}
    shape: list[int] = []
    pending: list[tuple[str, int, int, str]] = []
    letters: list[str] = []
    rate_cols = [c for c in columns if len(c) == 2]
    rate_tokens = [t for t in tokens if t[3] == "%"]
    if len(rate_tokens) not in {0, len(rate_cols)}:
        return None

    def cell(token: tuple[str, int, int, str], column: str) -> Cell:
        digits, start, end, unit = token
        places = len(digits.split(".")[1]) if "." in digits else 0
        return Cell(column, Decimal(digits), places, unit, base + start, base + end)

    def flush() -> bool:
        if len(pending) > len(letters):
            return False
        shape.append(len(pending))
        for letter, token in zip(letters[len(letters) - len(pending) :], pending, strict=True):
            amounts[letter] = cell(token, letter)
        return True

    queue = list(tokens)
    for column in columns:
        if len(column) == 1:
            letters.append(column[0])
            continue
        while queue and queue[0][3] != "%":
            pending.append(queue.pop(0))
        if not flush():
            return None
        pending, letters = [], []
        if queue:
            rates[(column[0], column[1])] = cell(queue.pop(0), "/".join(column))
    pending = [t for t in queue if t[3] != "%"]
    if not flush():
        return None
    return amounts, rates, tuple(shape)


def _close_row(
    pieces: list[tuple[str, int]],
    expected: int,
    grid: tuple[list[tuple[str, ...]], bool, int],
    rows: list[LetterRow],
) -> int:
    """Read one row from its lines; returns the next expected row number (行次)."""
    columns, numbered, block = grid
    if not pieces:
        return expected
    first_text, first_base = pieces[0]
    digit = re.search(r"\d", first_text)
    label_text = first_text[: digit.start()] if digit else first_text
    tokens = [
        (d, s + base - first_base, e + base - first_base, u)
        for piece, base in pieces
        for d, s, e, u in split_cells(piece)
    ]
    if numbered:
        if not tokens or tokens[0][0] != str(expected):
            return expected
        tokens, expected = tokens[1:], expected + 1
    placed = _place(columns, tokens, first_base)
    label = _UNIT_NOTE.sub("", label_text).removeprefix("其中")
    if placed is not None and label:
        rows.append(LetterRow(label, block, *placed))
    return expected


def letter_rows(doc: Document) -> list[LetterRow]:
    """Rows of every lettered grid, continuation lines joined to their row."""
    rows: list[LetterRow] = []
    paragraphs = doc.paragraphs
    index = 0
    while index < len(paragraphs):
        text = doc.para_text(paragraphs[index])
        if not text.strip() or _LETTER.match(text) or _FORMULA.match(text):
            index += 1
            continue
        after = next(
            (
                paragraphs[j]
                for j in range(index + 1, len(paragraphs))
                if doc.para_text(paragraphs[j]).strip()
            ),
            None,
        )
        after_text = doc.para_text(after) if after is not None else ""
        opens = _LETTER.match(after_text) or _FORMULA.match(after_text)
        found = _header(doc, index) if opens else None
        if found is None:
            index += 1
            continue
        columns, numbered, follow = found
        block = index
        expected = 1
        pieces: list[tuple[str, int]] = []

        for para in paragraphs[follow : follow + _MAX_ROWS * 3]:
            body = doc.para_text(para)
            if not body.strip():
                continue
            if body.lstrip()[:1].isdigit() and pieces:
                pieces.append((body, para.start))  # a row broken over two lines
                continue
            expected = _close_row(pieces, expected, (columns, numbered, block), rows)
            pieces = []
            if not re.search(r"\d", body):
                break
            pieces = [(body, para.start)]
        _close_row(pieces, expected, (columns, numbered, block), rows)
        index = follow
    return rows


def letter_rates(doc: Document, rows: list[LetterRow]) -> list[tuple[Fig, Fig, Fig]]:
    """(stated rate, numerator, denominator) for every rate cell whose operands are there."""
    out: list[tuple[Fig, Fig, Fig]] = []
    for row in rows:
        for (top, bottom), rate in row.rates.items():
            num, den = row.amounts.get(top), row.amounts.get(bottom)
            if num is None or den is None or den.value == 0:
                continue
            out.append(
                (
                    cell_fig(
                        doc, rate, f"{row.label}({top}/{bottom})", rate.value, rate.places, "%"
                    ),
                    cell_fig(doc, num, f"{row.label}({top})", num.value, num.places, "万元"),
                    cell_fig(doc, den, f"{row.label}({bottom})", den.value, den.places, "万元"),
                )
            )
    return out


def letter_breakdowns(doc: Document, rows: list[LetterRow]) -> list[Breakdown]:
    """Each amount column of a total row against the same column of the rows below it."""
    blocks: dict[int, list[LetterRow]] = {}
    for row in rows:
        blocks.setdefault(row.block, []).append(row)
    found: list[Breakdown] = []
    for block in blocks.values():
        head, *below = block
        filled = [r for r in below if r.amounts]
        if not filled or not TOTAL_ROW.search(head.label):
            continue
        if any(r.shape != head.shape for r in filled):
            continue  # placed differently: a column sum would mix columns
        for letter, total in head.amounts.items():
            cells = [r.amounts.get(letter) for r in filled]
            if any(c is None for c in cells):
                continue
            figs = [
                cell_fig(doc, c, f"{r.label}({letter})", c.value, c.places, "万元")
                for r, c in zip(filled, cells, strict=True)
                if c is not None
            ]
            head_fig = cell_fig(
                doc, total, f"{head.label}({letter})", total.value, total.places, "万元"
            )
            found.append(Breakdown(head_fig, figs, "table", True))
    return found
