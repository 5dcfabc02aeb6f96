"""The result of evaluating one version of a submission, and its dashboard figures.

`Evaluation` is what the pipeline's `evaluate` returns and what rendering takes: the
(possibly partial) model, every problem, the scores and the `Summary`. It lives in the
core as plain data so the renderer and the review logic can read it without depending on
the pipeline that made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.money import percent
from jixiao.core.problems import Severity, count_by_severity

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from datetime import datetime

    from jixiao.core.framework import FrameworkChoice
    from jixiao.core.model import Submission
    from jixiao.core.problems import Problem
    from jixiao.core.scoring import Score

__all__ = ["DEPARTMENT_PATH", "Evaluation", "Summary", "department_score", "summarise"]

DEPARTMENT_PATH = "self_evaluation"
"""The path of the department's Score (where its stated result is)."""


def department_score(scores: Sequence[Score]) -> Score | None:
    """The department's score among a submission's scores; None when it was not evaluated."""
    return next((s for s in reversed(scores) if s.path == DEPARTMENT_PATH), None)


_IDENTITY = frozenset({"id", "status", "submitted_at"})


@dataclass(frozen=True, slots=True)
class Summary:
    """One submission's dashboard figures: the one record every list of submissions uses.

    Computed once per saved version (`summarise`); a store keeps some fields as columns
    (`fields`) and reads them back into this record, adding where it stands (`id`,
    `status`, `submitted_at`), so the review logic, the dashboard, publication and the
    API share one set of names and never copy figures by hand.

    `score` and `grade` are the department's computed result (the framework's total);
    `stated_score`/`stated_grade` are what the unit wrote; `execution_rate` is executed ÷
    full-year budget in percent (two decimals), None when either figure is missing.
    `classified_projects` is None when the source does not count 涉密 projects.
    """

    id: int | None = None
    status: str = ""
    submitted_at: datetime | None = None
    unit_name: str = ""
    fiscal_year: int | None = None
    score: Decimal | None = None
    grade: str = ""
    stated_score: Decimal | None = None
    stated_grade: str = ""
    execution_rate: Decimal | None = None
    total_expenditure: Decimal | None = None
    projects: int = 0
    classified_projects: int | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The figures, JSON-ready: Decimals as text, so no consumer turns money into floats."""
        return {
            f.name: (f"{value:f}" if isinstance(value, Decimal) else value)
            for f in fields(self)
            if f.name not in _IDENTITY
            for value in (getattr(self, f.name),)
        }

    def pick(self, names: Iterable[str]) -> dict[str, Any]:
        """Some fields by name: what a store keeps of this record as its own columns."""
        return {name: getattr(self, name) for name in names}


@dataclass
class Evaluation:
    """Everything known about one version of a submission."""

    submission: Submission | None
    problems: list[Problem] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    source: str | None = None
    """The input's name (a file, "api" …) for messages; never a path into a temp folder."""
    frameworks: tuple[FrameworkChoice, ...] = ()
    """Which framework scored each kind, and why (empty when scoring was not run)."""

    @property
    def department_score(self) -> Score | None:
        """The department's score, if the department was evaluated."""
        return department_score(self.scores)

    @property
    def project_scores(self) -> list[Score]:
        """The projects' scores, in the file's order."""
        return [s for s in self.scores if s.path != DEPARTMENT_PATH]

    @property
    def errors(self) -> int:
        """How many problems are errors (such a version cannot go to the bureau)."""
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def has_errors(self) -> bool:
        """True when any problem is an error."""
        return self.errors > 0


def summarise(
    sub: Submission | None, problems: Sequence[Problem], scores: Sequence[Score]
) -> Summary:
    """The dashboard figures of an evaluated submission (see `Summary`)."""
    counts = count_by_severity(problems)
    if sub is None:
        return Summary(errors=counts["error"], warnings=counts["warning"], infos=counts["info"])
    dept = department_score(scores)
    budget = sub.finance.budget
    stated = sub.self_evaluation
    return Summary(
        unit_name=sub.unit.name,
        fiscal_year=sub.fiscal_year,
        score=None if dept is None else dept.total,
        grade="" if dept is None else dept.grade.value,
        stated_score=stated.score,
        stated_grade=stated.grade.value if stated.grade is not None else "",
        execution_rate=percent(budget.executed, budget.full_year),
        total_expenditure=sub.finance.expenditure.total,
        projects=len(sub.projects),
        classified_projects=sum(p.classified for p in sub.projects),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
    )
