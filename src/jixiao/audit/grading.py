"""Grade checks: the self-score against its grade band, and a top grade beside errors.

Bands come from the rules (`rules/grades`, read once by the pipeline and handed in on the
context): the auditor keeps no bands of its own, so a region that edits its band file
changes the checks, the scoring and the auditor alike. A grade or score only counts when
it grades this report: "平均得分" is an average of other projects, and "评级为“良”的项目0个"
counts projects per grade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.problems import Problem, Severity, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context

__all__ = ["check_grades", "check_score_despite_errors"]

_SCORE = re.compile(
    r"(?<!平均)(?:综合得分|自评得分|得分|自评分|评分|总分)(?:为|是|:|：)?\s*(\d{1,3}(?:\.\d+)?)\s*分"
)
_GRADE = re.compile(
    r"(?:等级|结论|评价|评定|评级)[^。，,；;\n]{0,8}?[“\"「『]?(优秀|优|良好|良|中等|一般|较差|差)(?![”\"」』]?[的项个])[”\"」』]?"
)


@dataclass(frozen=True, slots=True)
class _Stated:
    score: Decimal | None
    grade: str | None
    start: int
    end: int


def _statements(ctx: Context) -> tuple[list[_Stated], list[_Stated]]:
    norm = ctx.doc.norm
    scores = [_Stated(Decimal(m.group(1)), None, m.start(), m.end()) for m in _SCORE.finditer(norm)]
    grades = [_Stated(None, m.group(1), m.start(), m.end()) for m in _GRADE.finditer(norm)]
    return [s for s in scores if s.score is not None and s.score <= 100], grades


def _pairs(ctx: Context) -> list[tuple[_Stated, _Stated]]:
    scores, grades = _statements(ctx)
    pairs = []
    for score in scores:
        near = [
            g
            for g in grades
            if 0 <= g.start - score.end <= 60 and "\n" not in ctx.doc.norm[score.end : g.start]
        ]
        if near:
            pairs.append((score, near[0]))
    if not pairs and len(scores) == 1 and len(grades) == 1:
        pairs.append((scores[0], grades[0]))
    return pairs


def check_grades(ctx: Context) -> list[Problem]:
    """A stated grade must be the band of the stated score."""
    if ctx.bands is None:
        return []
    problems = []
    for score, grade in _pairs(ctx):
        assert score.score is not None
        assert grade.grade is not None
        stated_band, expected = ctx.bands.band_of(grade.grade), ctx.bands.band_for(score.score)
        if stated_band is None or stated_band == expected:
            continue
        problems.append(
            make(
                "audit.grade-mismatch",
                ctx.location(score.start, grade.end if grade.start > score.start else score.end),
                actual=score.score,
                related=[ctx.location(grade.start, grade.end)],
                score=str(score.score),
                band=expected.grade.value,
                grade=grade.grade,
            )
        )
    return problems


def check_score_despite_errors(ctx: Context, found: list[Problem]) -> list[Problem]:
    """A top-band self-score in a report whose figures contradict each other."""
    from jixiao.core.codes import lookup

    errors = [
        p for p in found if p.severity is Severity.ERROR and "inconsistency" in lookup(p.code).tags
    ]
    if not errors:
        return []
    if ctx.bands is None:
        return []
    top = ctx.bands.bands[0]
    scores, grades = _statements(ctx)
    claims = [
        (s.start, s.end, f"{s.score}分")
        for s in scores
        if s.score is not None and s.score >= top.min_score
    ]
    claims += [(g.start, g.end, g.grade) for g in grades if g.grade in top.words]
    if not claims:
        return []
    start, end, claimed = min(claims)
    return [
        make(
            "audit.score-despite-errors",
            ctx.location(start, end),
            related=[p.location for p in errors],
            claimed=claimed,
            count=len(errors),
        )
    ]
