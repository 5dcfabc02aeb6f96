"""Grade checks: the self-score against its grade band, and a top grade beside errors.

Bands are data (`grade_bands.json`, source RULES.md §1.7), not constants in the check, so
a region with other bands edits the file. A report that gives itself the top band while
its own figures contradict each other is flagged too: the score cannot be right if the
figures it rests on are not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from jixiao.core.problems import Problem, Severity, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context

__all__ = ["Band", "band_for", "bands", "check_grades", "check_score_despite_errors"]

_SCORE = re.compile(
    r"(?:综合得分|自评得分|得分|自评分|评分|总分)(?:为|是|:|：)?\s*(\d{1,3}(?:\.\d+)?)\s*分"
)
_GRADE = re.compile(
    r"(?:等级|结论|评价|评定|评级)[^。，,；;\n]{0,8}?[“\"「『]?(优秀|优|良好|良|中等|一般|较差|差)[”\"」』]?"
)


@dataclass(frozen=True, slots=True)
class Band:
    """One grade band: lowest score (inclusive) and the words reports use for it."""

    grade: str
    minimum: Decimal
    words: tuple[str, ...]


@cache
def bands() -> tuple[Band, ...]:
    """Bands from the data file, highest first."""
    raw = json.loads(
        resources.files("jixiao.audit").joinpath("grade_bands.json").read_text("utf-8")
    )
    items = [Band(b["grade"], Decimal(b["min"]), tuple(b["words"])) for b in raw["bands"]]
    return tuple(sorted(items, key=lambda b: b.minimum, reverse=True))


def band_for(score: Decimal) -> Band:
    """The band a score falls in."""
    return next(b for b in bands() if score >= b.minimum)


def _word_band(word: str) -> Band | None:
    return next((b for b in bands() if word in b.words), None)


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
    problems = []
    for score, grade in _pairs(ctx):
        assert score.score is not None
        assert grade.grade is not None
        stated_band, expected = _word_band(grade.grade), band_for(score.score)
        if stated_band is None or stated_band == expected:
            continue
        problems.append(
            make(
                "audit.grade-mismatch",
                ctx.location(score.start, grade.end if grade.start > score.start else score.end),
                actual=score.score,
                related=[ctx.location(grade.start, grade.end)],
                score=str(score.score),
                band=expected.grade,
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
    top = bands()[0]
    scores, grades = _statements(ctx)
    claims = [
        (s.start, s.end, f"{s.score}分")
        for s in scores
        if s.score is not None and s.score >= top.minimum
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
