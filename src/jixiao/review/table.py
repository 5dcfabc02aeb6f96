"""Sorting and filtering rows in memory, for small sets and for tests.

The web layer mostly sorts and filters in SQL; this module gives the same semantics to
the API, exports and the CLI, with a whitelist of sort keys so a query-string value can
never reach an arbitrary attribute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.core.model import Grade
from jixiao.review.grades import UNGRADED, grade_label, grade_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jixiao.core.evaluation import Summary

__all__ = ["SORT_KEYS", "filter_rows", "sort_rows"]

_GRADE_RANK = {Grade.POOR: 0, Grade.FAIR: 1, Grade.GOOD: 2, Grade.EXCELLENT: 3}


def _grade_rank(row: Summary) -> int | None:
    grade = grade_of(row.grade)
    return None if grade is None else _GRADE_RANK[grade]


def _stated_grade_rank(row: Summary) -> int | None:
    grade = grade_of(row.stated_grade)
    return None if grade is None else _GRADE_RANK[grade]


SORT_KEYS: dict[str, Callable[[Summary], Any]] = {
    "id": lambda r: r.id,
    "unit_name": lambda r: r.unit_name,
    "status": lambda r: r.status,
    "score": lambda r: r.score,
    "grade": _grade_rank,
    "stated_score": lambda r: r.stated_score,
    "stated_grade": _stated_grade_rank,
    "execution_rate": lambda r: r.execution_rate,
    "total_expenditure": lambda r: r.total_expenditure,
    "errors": lambda r: r.errors,
    "warnings": lambda r: r.warnings,
    "submitted_at": lambda r: r.submitted_at,
}
"""Sortable keys; grades sort by rank (差 < 中 < 良 < 优), not by their characters."""


def sort_rows(rows: Iterable[Summary], key: str, descending: bool = False) -> list[Summary]:
    """Rows ordered by a whitelisted key; missing values always last, ties by id.

    Missing values go last in both directions because an empty cell is never what a
    reviewer looks for first; the id tie-break keeps pages stable between requests.

    Raises:
        ValueError: `key` is not one of `SORT_KEYS`.
    """
    if key not in SORT_KEYS:
        raise ValueError(f"不能按「{key}」排序；可用的有：{'、'.join(SORT_KEYS)}")
    value_of = SORT_KEYS[key]
    by_id = sorted(rows, key=lambda r: r.id or 0)
    present = [r for r in by_id if value_of(r) is not None]
    missing = [r for r in by_id if value_of(r) is None]
    # sorted() is stable also with reverse=True, so equal values keep ascending ids.
    return sorted(present, key=value_of, reverse=descending) + missing


def filter_rows(
    rows: Iterable[Summary],
    *,
    status: str | None = None,
    grade: str | None = None,
    query: str | None = None,
    has_errors: bool | None = None,
) -> list[Summary]:
    """Rows matching every given filter; None means "any".

    `grade` matches the computed grade (优秀 = 优; 未评价 = no grade); `query` is a
    case-insensitive substring of the unit name or the exact submission id.

    Raises:
        ValueError: `grade` is not a grade nor 未评价.
    """
    wanted = _wanted_grade(grade)
    needle = (query or "").strip().casefold()
    return [
        row
        for row in rows
        if (status is None or row.status == status)
        and (wanted is None or grade_label(row.grade) == wanted)
        and (not needle or needle in row.unit_name.casefold() or needle == str(row.id))
        and (has_errors is None or (row.errors > 0) == has_errors)
    ]


def _wanted_grade(grade: str | None) -> str | None:
    if grade is None or grade == UNGRADED:
        return grade
    parsed = grade_of(grade)
    if parsed is None:
        raise ValueError(f"等级应为 优/良/中/差/{UNGRADED}，实际为『{grade}』")
    return parsed.value
