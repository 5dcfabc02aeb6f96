"""Figures for the finance bureau's dashboard: grades, score gaps, execution, totals.

Pure functions over `Summary`s, so the web page, the API and a test all get the same numbers.
Counts always list every category (also the empty ones): a chart or a table then has a
stable shape, and "0 units graded 差" is itself information.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.model import Grade
from jixiao.core.money import quantize2
from jixiao.review.grades import UNGRADED, grade_label

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jixiao.core.evaluation import Summary
    from jixiao.core.review_rules import ExecutionBands, ReviewRules

__all__ = [
    "ScoreGap",
    "Totals",
    "execution_bucket",
    "execution_buckets",
    "grade_distribution",
    "score_gaps",
    "totals",
]


@dataclass(frozen=True, slots=True)
class ScoreGap:
    """How far a unit's stated score is above (positive) or below its computed score."""

    row_id: int | None
    unit_name: str
    stated_score: Decimal
    score: Decimal
    gap: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """Headline figures; the average and the sum skip rows where the figure is missing."""

    count: int
    by_status: Mapping[str, int]
    scored: int
    average_score: Decimal | None
    total_expenditure: Decimal
    with_errors: int


def grade_distribution(rows: Iterable[Summary]) -> dict[str, int]:
    """Rows per computed grade: 优, 良, 中, 差 and 未评价, always all five keys.

    The computed grade is counted, not the stated one: the dashboard shows what the
    bureau's recomputation found, and `score_gaps` shows where the two disagree.
    """
    counts = Counter(grade_label(row.grade) for row in rows)
    return {label: counts[label] for label in (*(g.value for g in Grade), UNGRADED)}


def score_gaps(rows: Iterable[Summary]) -> list[ScoreGap]:
    """Stated − computed score for each row that has both, in the rows' order."""
    return [
        ScoreGap(row.id, row.unit_name, row.stated_score, row.score, row.stated_score - row.score)
        for row in rows
        if row.stated_score is not None and row.score is not None
    ]


def execution_bucket(rate: Decimal | None, bands: ExecutionBands) -> str:
    """The label of the bucket a rate falls in (the rules' label for a missing rate)."""
    if rate is None:
        return bands.missing_label
    return next(band.label for band in bands.bands if band.holds(rate))


def execution_buckets(rows: Iterable[Summary], rules: ReviewRules) -> dict[str, int]:
    """Rows per execution-rate bucket, in the rules' order, the missing bucket last.

    The edges are data (rules/review/*.yaml) because a region reads rates against its own
    thresholds (RULES.md §1.4: Sichuan asks for a reason below 90%).
    """
    bands = rules.execution
    counts = Counter(execution_bucket(row.execution_rate, bands) for row in rows)
    labels = [band.label for band in bands.bands] + [bands.missing_label]
    return {label: counts[label] for label in labels}


def totals(rows: Iterable[Summary]) -> Totals:
    """Counts by status, average computed score, expenditure sum and rows with errors."""
    listed = list(rows)
    scores = [row.score for row in listed if row.score is not None]
    average = quantize2(sum(scores, Decimal(0)) / len(scores)) if scores else None
    spent = sum(
        (r.total_expenditure for r in listed if r.total_expenditure is not None), Decimal(0)
    )
    return Totals(
        count=len(listed),
        by_status=dict(sorted(Counter(row.status for row in listed).items())),
        scored=len(scores),
        average_score=average,
        total_expenditure=spent,
        with_errors=sum(1 for row in listed if row.errors > 0),
    )
