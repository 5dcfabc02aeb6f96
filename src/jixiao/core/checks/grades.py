"""A stated grade must be the grade of the stated score (bands from the profile)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.money import fmt_number
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.model import Grade, Submission


def _one(
    subject: str,
    base: str,
    score: Decimal | None,
    grade: Grade | None,
    grade_field: str,
    opts: CheckOptions,
) -> list[Problem]:
    if score is None:
        return []
    if not Decimal(0) <= score <= opts.max_score:
        return [
            make(
                "grades.score-out-of-range",
                f"{base}.{'score' if grade_field == 'grade' else 'stated_score'}",
                subject=subject,
                score=fmt_number(score),
                max=fmt_number(opts.max_score),
            )
        ]
    if grade is None:
        return []
    expected = opts.grade_bands.grade_for(score)
    if expected is grade:
        return []
    return [
        make(
            "grades.band-mismatch",
            f"{base}.{grade_field}",
            subject=subject,
            score=fmt_number(score),
            bands=opts.grade_bands.describe(),
            expected_grade=expected.value,
            stated=grade.value,
        )
    ]


@check("grades.band-mismatch", "grades.score-out-of-range", tags=("grades",))
def stated_grades_match_scores(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """部门 and each project: 自评等级 = band of 自评得分."""
    se = sub.self_evaluation
    problems = _one("部门整体", "self_evaluation", se.score, se.grade, "grade", opts)
    for i, project in enumerate(sub.projects):
        problems += _one(
            f"项目「{project.name}」",
            f"projects[{i}]",
            project.stated_score,
            project.stated_grade,
            "stated_grade",
            opts,
        )
    return problems
