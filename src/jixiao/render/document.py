"""The document model: headings, paragraphs, tables, charts, built once from the data.

Why a model between the data and the files: the Word and HTML writers must say the same
thing, so neither of them computes a figure or chooses a sentence; they only lay out the
blocks in order. Every number in a block is already formatted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "Block",
    "Cell",
    "Chart",
    "Document",
    "Heading",
    "Note",
    "PageBreak",
    "Paragraph",
    "Table",
]

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading; level 1 is 一、, level 2 is （一）, level 3 is 1."""

    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph (first-line indented by two characters)."""

    text: str


@dataclass(frozen=True, slots=True)
class Note:
    """A small-print note: footnotes to totals, the draft problem list's preamble."""

    text: str


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page (before the appended 自评表)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; `span` merges it with the next cells of the row."""

    text: str
    align: Align = "left"
    span: int = 1
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A bordered table; `widths` are relative column widths summing to the grid.

    `heights` (mm, per row) are minimum row heights, for a form filled by hand such as the
    签章栏 (room to sign and to stamp); such a table is printed in body-size text and kept
    on one page. Empty: every row as high as its text.
    """

    title: str
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]
    header_rows: int = 1
    heights: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart: one or two series over labels, in `unit`.

    HTML draws it as inline SVG, Word as a PNG (`png.chart_png`); Word shows `as_table()`
    instead when no CJK font is installed to draw the labels with.
    """

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal, ...]], ...]
    unit: str
    note: str = ""

    def as_table(self) -> Table:
        """The chart's data as a table, Word's fallback without a CJK font."""
        head = (
            Cell("项目", "center", bold=True),
            *tuple(Cell(f"{name}（{self.unit}）", "center", bold=True) for name, _ in self.series),
        )
        rows = [head]
        for index, label in enumerate(self.labels):
            rows.append(
                (
                    Cell(label),
                    *tuple(Cell(f"{values[index]:.2f}", "right") for _, values in self.series),
                )
            )
        widths = (3,) + (2,) * len(self.series)
        return Table(self.title, tuple(rows), widths)


Block = Heading | Paragraph | Note | PageBreak | Table | Chart


@dataclass(frozen=True, slots=True)
class Document:
    """One report: its title, the unit line under it, and its blocks in order."""

    kind: Literal["department", "project"]
    slug: str
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    draft: bool = False
    redacted: bool = False
    meta: dict[str, str] = field(default_factory=dict)

    def headings(self, level: int | None = None) -> list[str]:
        """Heading texts in order (optionally of one level), for tests and the HTML index."""
        return [
            b.text
            for b in self.blocks
            if isinstance(b, Heading) and (level is None or b.level == level)
        ]
