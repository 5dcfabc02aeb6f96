"""What every audit check reads: the document, its figures, outline and stated totals.

Built once per document so each check stays a small function over shared facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jixiao.core.money import fmt_number
from jixiao.core.problems import Figure, Location

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.audit.claims import Breakdown
    from jixiao.audit.figures import Fig
    from jixiao.audit.grid import GridRow
    from jixiao.audit.lettergrid import LetterRow
    from jixiao.audit.sections import Heading
    from jixiao.core.grading import GradeBands
    from jixiao.formats.document import Document

__all__ = ["Context", "show"]


def show(value: Decimal) -> str:
    """A number as the report would write it: no trailing zeros, no exponent."""
    text = fmt_number(value)
    return "0" if text in {"-0", "0E-6"} else text


@dataclass(slots=True)
class Context:
    """Shared facts about one document."""

    doc: Document
    figs: list[Fig]
    headings: list[Heading]
    paths: list[str]
    breakdowns: list[Breakdown] = field(default_factory=list)
    grid_rows: list[GridRow] = field(default_factory=list)
    letter_rows: list[LetterRow] = field(default_factory=list)
    stacks: list[tuple[Heading, ...]] = field(default_factory=list)
    bands: GradeBands | None = None

    def location(self, start: int, end: int) -> Location:
        """A location quoting the original text between two offsets."""
        start, end = max(0, start), min(len(self.doc.text), max(start, end))
        para = self.doc.paragraph_at(start)
        return Location(
            file=self.doc.name,
            section=self.paths[para.index] or None,
            paragraph=para.index + 1,
            start=start,
            end=end,
            quote=self.doc.text[start:end].strip() or None,
        )

    def fig_location(self, fig: Fig) -> Location:
        """The location of a figure with its label."""
        start, end = fig.quote_span
        return self.location(start, end)

    def figure(self, fig: Fig, label: str | None = None, value: Decimal | None = None) -> Figure:
        """A `Figure` record for a finding, with the place it was read from."""
        return Figure(
            label=label or fig.label or "（无标签）",
            value=fig.value if value is None else value,
            unit=fig.unit or fig.raw_unit,
            location=self.fig_location(fig),
        )
