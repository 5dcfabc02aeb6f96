"""One dashboard row: a submission's latest figures as the finance bureau sees them.

The web layer builds rows from database columns (it stores the `Summary` of every saved
version), so this is a plain frozen record rather than a model: the review logic must not
care whether the figures came from SQL, the API or a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.core.model import Grade

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from jixiao.core.evaluation import Summary

__all__ = ["UNGRADED", "Row", "grade_label", "grade_of"]

UNGRADED = "未评分"
"""Label for a row without a computed grade (not scored, or unreadable data)."""


@dataclass(frozen=True, slots=True)
class Row:
    """A submission's dashboard figures; money in 万元 and rates in percent, as Decimal.

    `score`/`grade` are the computed (复核) result and `stated_*` what the unit wrote.
    `classified_projects` is None when the source does not count 涉密 projects.
    """

    id: int
    unit_name: str
    status: str
    score: Decimal | None = None
    grade: str = ""
    stated_score: Decimal | None = None
    stated_grade: str = ""
    execution_rate: Decimal | None = None
    total_expenditure: Decimal | None = None
    errors: int = 0
    warnings: int = 0
    submitted_at: datetime | None = None
    classified_projects: int | None = None

    @classmethod
    def from_summary(
        cls, id: int, status: str, summary: Summary, submitted_at: datetime | None = None
    ) -> Row:
        """A row from an evaluation `Summary`, so callers need not copy fields by hand."""
        return cls(
            id=id,
            unit_name=summary.unit_name,
            status=status,
            score=summary.score,
            grade=summary.grade,
            stated_score=summary.stated_score,
            stated_grade=summary.stated_grade,
            execution_rate=summary.execution_rate,
            total_expenditure=summary.total_expenditure,
            errors=summary.errors,
            warnings=summary.warnings,
            submitted_at=submitted_at,
            classified_projects=summary.classified_projects,
        )


def grade_of(text: str) -> Grade | None:
    """A grade from its stored text (优, 优秀 …); None when empty or not a grade.

    Rows come from a database, so a stray value must count as 未评分 rather than crash a page.
    """
    if not text.strip():
        return None
    try:
        return Grade.parse(text)
    except ValueError:
        return None


def grade_label(text: str) -> str:
    """The grade's canonical text (优秀 → 优), or 未评分 when there is no valid grade."""
    grade = grade_of(text)
    return UNGRADED if grade is None else grade.value
