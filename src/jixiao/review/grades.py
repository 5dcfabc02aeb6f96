"""Grades as the dashboard reads them from stored rows: 优/良/中/差 or 未评价.

The rows themselves are `jixiao.core.evaluation.Summary` records (the one dashboard
record); a stored grade is text, so a stray value must read as 未评价, never crash a page.
"""

from __future__ import annotations

from jixiao.core.model import Grade

__all__ = ["UNGRADED", "grade_label", "grade_of"]

UNGRADED = "未评价"
"""Label for a row without a computed grade (not scored, or unreadable data)."""


def grade_of(text: str) -> Grade | None:
    """A grade from its stored text (优, 优秀 …); None when empty or not a grade.

    Rows come from a database, so a stray value must count as 未评价 rather than crash a page.
    """
    if not text.strip():
        return None
    try:
        return Grade.parse(text)
    except ValueError:
        return None


def grade_label(text: str) -> str:
    """The grade's canonical text (优秀 → 优), or 未评价 when there is no valid grade."""
    grade = grade_of(text)
    return UNGRADED if grade is None else grade.value
