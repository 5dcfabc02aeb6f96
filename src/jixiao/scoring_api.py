"""Score a submission file end to end: load, pick frameworks, score, locate problems.

The library function behind `jixiao score` (and later the web app's score page); surfaces
only render what it returns. Frameworks are chosen by kind: a project framework scores
every project, a department framework the department; the defaults are the national
project framework and the Hunan department framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.framework import Kind
from jixiao.core.money import fmt_number
from jixiao.core.problems import Problem, make, sort_problems
from jixiao.core.scoring import Score, score_department, score_project
from jixiao.formats.submission_file import load_submission
from jixiao.rules.frameworks import DEFAULT_DEPARTMENT, DEFAULT_PROJECT, load_framework

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jixiao.core.framework import Framework
    from jixiao.core.model import Submission

__all__ = [
    "ScoreReport",
    "choose_frameworks",
    "score_file",
    "score_submission",
    "score_to_dict",
]


@dataclass
class ScoreReport:
    """The scores of one file (projects, then the department) and every problem found."""

    path: Path
    submission: Submission | None
    scores: list[Score] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def choose_frameworks(names: Sequence[str] = ()) -> dict[Kind, Framework]:
    """Frameworks by kind from ids or files; a kind not named gets its default.

    Raises `RuleError` (with file:line problems) when a framework cannot be loaded.
    """
    chosen = {fw.kind: fw for fw in (load_framework(name) for name in names)}
    chosen.setdefault(Kind.PROJECT, load_framework(DEFAULT_PROJECT))
    chosen.setdefault(Kind.DEPARTMENT, load_framework(DEFAULT_DEPARTMENT))
    return chosen


def _year_problems(sub: Submission, frameworks: Sequence[Framework]) -> list[Problem]:
    problems = []
    for fw in frameworks:
        keys = fw.out_of_force(sub.fiscal_year)
        if keys:
            spans = {f"{fw.basis.years[0]}–{fw.basis.years[1]}年"}
            spans |= {f"{b.years[0]}–{b.years[1]}年" for k, b in fw.bases if k in keys}
            problems.append(
                make(
                    "scoring.framework-year",
                    "fiscal_year",
                    framework=fw.title,
                    keys="、".join(keys[:5]) + ("等" if len(keys) > 5 else ""),
                    years="、".join(sorted(spans)),
                    year=sub.fiscal_year,
                )
            )
    return problems


def score_submission(
    sub: Submission,
    frameworks: dict[Kind, Framework],
    *,
    project: str | None = None,
) -> tuple[list[Score], list[Problem]]:
    """Scores of the projects (all, or the one named) and of the department (when not filtered)."""
    used = [frameworks[Kind.PROJECT]] + ([] if project else [frameworks[Kind.DEPARTMENT]])
    problems = _year_problems(sub, used)
    scores: list[Score] = []
    for index, item in enumerate(sub.projects):
        if project is not None and item.name != project:
            continue
        score, found = score_project(item, index, frameworks[Kind.PROJECT])
        scores.append(score)
        problems += found
    if project is None:
        score, found = score_department(sub, frameworks[Kind.DEPARTMENT])
        scores.append(score)
        problems += found
    return scores, problems


def score_file(
    path: Path, frameworks: dict[Kind, Framework], *, project: str | None = None
) -> ScoreReport:
    """Load and score one file. Raises `UnreadableError` only when it cannot be parsed."""
    loaded = load_submission(path)
    report = ScoreReport(path, loaded.submission, problems=list(loaded.problems))
    if loaded.submission is not None:
        scores, problems = score_submission(loaded.submission, frameworks, project=project)
        report.scores = scores
        report.problems += loaded.locate(problems)
    report.problems = sort_problems(report.problems)
    return report


def _text(value: object) -> Any:
    if isinstance(value, Decimal):
        return fmt_number(value)
    return value


def score_to_dict(score: Score) -> dict[str, Any]:
    """A Score as JSON-ready data; Decimals are strings so no consumer turns them into floats."""
    return {
        "subject": score.subject,
        "path": score.path,
        "framework": score.framework,
        "total": f"{score.total:f}",
        "grade": score.grade.value,
        "stated_score": _text(score.stated_score),
        "stated_grade": None if score.stated_grade is None else score.stated_grade.value,
        "levels": [
            {"name": lv.name, "weight": _text(lv.weight), "score": _text(lv.score)}
            for lv in score.levels
        ],
        "rows": [
            {
                "level": r.level,
                "level2": r.level2,
                "name": r.name,
                "weight": _text(r.weight),
                "target": r.target,
                "actual": r.actual,
                "score": _text(r.score),
                "lost": _text(r.lost),
                "reason": r.reason,
                "path": r.path,
            }
            for r in score.rows
        ],
        "deductions": [
            {
                "indicator": d.indicator,
                "path": d.path,
                "rule": d.rule,
                "reference": d.reference,
                "target": d.target,
                "actual": d.actual,
                "formula": d.formula,
                "points_lost": _text(d.points_lost),
                "reason": d.reason,
            }
            for d in score.deductions
        ],
    }
