"""复核: the bureau's score of a sampled submission, row by row, next to the unit's own.

Why: a re-review that only records a new total cannot say *where* the unit scored itself
too high; storing each row's difference (with the reviewer's evidence note) makes the gap
traceable to indicators, and the totals feed calibration (`review.calibration`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from jixiao.core.model import Frozen
from jixiao.core.money import fmt_number
from jixiao.core.types import Quantity

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["RereviewResult", "RereviewRow", "RereviewSheet", "SheetRow", "compare"]


@dataclass(frozen=True, slots=True)
class RereviewRow:
    """One scored row: the unit's self-score and the reviewer's score, out of `weight`."""

    key: str
    label: str
    weight: Decimal
    self_score: Decimal | None
    review_score: Decimal
    note: str = ""

    @property
    def difference(self) -> Decimal:
        """Re-review minus self-score (negative = the unit scored itself higher)."""
        return self.review_score - (self.self_score or Decimal(0))


@dataclass(frozen=True, slots=True)
class RereviewResult:
    """All rows with their totals; `difference` = review total − self total."""

    rows: tuple[RereviewRow, ...]
    self_total: Decimal
    review_total: Decimal

    @property
    def difference(self) -> Decimal:
        """Total re-review score minus total self-score."""
        return self.review_total - self.self_total


def compare(rows: Iterable[RereviewRow]) -> RereviewResult:
    """Check each row's scores lie in 0…weight and add them up.

    Raises:
        ValueError: a score outside 0…weight, a duplicate row, or a lowered score without
            an evidence note (a deduction must say why).
    """
    listed = tuple(rows)
    seen: set[str] = set()
    for row in listed:
        if row.key in seen:
            raise ValueError(f"复核行「{row.label}」重复")
        seen.add(row.key)
        for name, score in (("复核得分", row.review_score), ("自评得分", row.self_score)):
            if score is not None and not Decimal(0) <= score <= row.weight:
                raise ValueError(
                    f"「{row.label}」的{name}{fmt_number(score)}不在0至{fmt_number(row.weight)}分之间"
                )
        if row.difference < 0 and not row.note.strip():
            raise ValueError(f"「{row.label}」复核得分低于自评得分，须填写依据说明")
    return RereviewResult(
        listed,
        sum((r.self_score or Decimal(0) for r in listed), Decimal(0)),
        sum((r.review_score for r in listed), Decimal(0)),
    )


class SheetRow(Frozen):
    """A row of a re-review sheet as filed (CLI file, API body)."""

    key: str = Field(title="行编号", min_length=1, max_length=200)
    label: str = Field(default="", title="指标", max_length=200)
    weight: Quantity = Field(title="分值")
    self_score: Quantity | None = Field(default=None, title="自评得分")
    review_score: Quantity = Field(title="复核得分")
    note: str = Field(default="", title="依据说明", max_length=2000)


class RereviewSheet(Frozen):
    """A re-review as filed: its rows."""

    rows: tuple[SheetRow, ...] = Field(title="复核行", min_length=1, max_length=1000)

    def compared(self) -> RereviewResult:
        """The rows compared (see `compare`); ValueError on an invalid row."""
        return compare(
            RereviewRow(r.key, r.label or r.key, r.weight, r.self_score, r.review_score, r.note)
            for r in self.rows
        )
