"""Evaluate submission data in one call: validate, check, score, summarise.

The web app stores what the user typed (a plain JSON tree, numbers as text) and calls
`evaluate` on every save; the API and the dashboard read the `Summary` it returns. Like
`check_file` and `score_file`, this is library code: a view only renders its result, so
the pages, the API and the CLI can never disagree about a problem or a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.checking import check_submission
from jixiao.core.framework import Kind
from jixiao.core.problems import Problem, Severity, count_by_severity, sort_problems
from jixiao.core.validation import build_submission
from jixiao.rules.profiles import load_options
from jixiao.scoring_api import choose_frameworks, score_submission

if TYPE_CHECKING:
    from jixiao.core.model import Submission
    from jixiao.core.scoring import Score

__all__ = ["Evaluation", "Summary", "evaluate", "summarise"]

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Summary:
    """The figures a dashboard row needs, computed once per saved version.

    `score` and `grade` are the department's computed result (the framework's total);
    `stated_score`/`stated_grade` are what the unit wrote; `execution_rate` is executed ÷
    full-year budget in percent (two decimals), None when either figure is missing.
    """

    unit_name: str = ""
    fiscal_year: int | None = None
    score: Decimal | None = None
    grade: str = ""
    stated_score: Decimal | None = None
    stated_grade: str = ""
    execution_rate: Decimal | None = None
    total_expenditure: Decimal | None = None
    projects: int = 0
    classified_projects: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: Decimals as text, so no consumer turns money into floats."""
        return {
            key: (f"{value:f}" if isinstance(value, Decimal) else value)
            for key, value in self.__dict__.items()
        }


@dataclass
class Evaluation:
    """Everything known about one version of a submission."""

    submission: Submission | None
    problems: list[Problem] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)

    @property
    def department_score(self) -> Score | None:
        """The department's score (always the last one scored), if it could be scored."""
        return self.scores[-1] if self.scores else None

    @property
    def has_errors(self) -> bool:
        """True when any problem is an error (such a version cannot go to the bureau)."""
        return any(p.severity is Severity.ERROR for p in self.problems)


def _rate(executed: Decimal | None, full_year: Decimal | None) -> Decimal | None:
    if executed is None or not full_year:
        return None
    return (executed / full_year * _HUNDRED).quantize(Decimal("0.01"))


def summarise(sub: Submission | None, problems: list[Problem], scores: list[Score]) -> Summary:
    """The dashboard figures of an evaluated submission (see `Summary`)."""
    counts = count_by_severity(problems)
    if sub is None:
        return Summary(errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
    dept = scores[-1] if scores else None
    budget = sub.finance.budget
    stated = sub.self_evaluation
    return Summary(
        unit_name=sub.unit.name,
        fiscal_year=sub.fiscal_year,
        score=None if dept is None else dept.total,
        grade="" if dept is None else dept.grade.value,
        stated_score=stated.score,
        stated_grade=stated.grade.value if stated.grade is not None else "",
        execution_rate=_rate(budget.executed, budget.full_year),
        total_expenditure=sub.finance.expenditure.total,
        projects=len(sub.projects),
        classified_projects=sum(p.classified for p in sub.projects),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
    )


def evaluate(data: Any, profile: str = "national-2020") -> Evaluation:
    """Validate, check and score a submission's data tree; never raises on bad data.

    Problems from validation (a field that is not a number …) come with the field path;
    a tree that cannot be built at all yields `submission=None` and only those problems.
    """
    sub, problems = build_submission(data)
    if sub is None:
        problems = sort_problems(problems)
        return Evaluation(None, problems, [], summarise(None, problems, []))
    problems += check_submission(sub, load_options(profile))
    frameworks = choose_frameworks()
    scores, found = score_submission(sub, {k: frameworks[k] for k in Kind})
    problems = sort_problems(problems + found)
    return Evaluation(sub, problems, scores, summarise(sub, problems, scores))
