"""Figures the report sentences need, computed once from the submission (Decimal).

Why here and not in the templates: a template may choose words and order, never
arithmetic, so a region that rewrites the outline cannot make a share disagree with its
parts. Public copies drop 涉密 projects here, before any template sees them, and flag the
totals that still include them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.money import percent
from jixiao.core.redaction import unclassified_projects

if TYPE_CHECKING:
    from jixiao.core.model import EconomicLine, Project, Submission
    from jixiao.core.scoring import Score

__all__ = ["ProjectFigures", "amount", "department_context", "project_context", "rate"]


def amount(value: object) -> Decimal | None:
    """A stated amount, or None when absent or 未公开 (withheld is not zero)."""
    return value if isinstance(value, Decimal) else None


rate = percent
"""Part ÷ whole in percent, two decimals (`money.percent`); the templates call it `rate`."""


@dataclass(frozen=True, slots=True)
class ProjectFigures:
    """A project's funds as the reports state them."""

    name: str
    classified: bool
    initial: Decimal | None
    full_year: Decimal | None
    executed: Decimal | None
    rate: Decimal | None


def project_figures(project: Project) -> ProjectFigures:
    """Funds of one project; the execution rate is computed, not the stated one."""
    full, done = amount(project.budget.full_year), amount(project.budget.executed)
    return ProjectFigures(
        project.name,
        project.classified,
        amount(project.budget.initial),
        full,
        done,
        rate(done, full),
    )


def _lines(lines: tuple[EconomicLine, ...], whole: Decimal | None) -> list[dict[str, Any]]:
    return [
        {
            "code": ln.code,
            "name": ln.name,
            "amount": amount(ln.amount),
            "share": rate(amount(ln.amount), whole),
        }
        for ln in lines
        if len(ln.code) == 3
    ]


def _score(score: Score) -> dict[str, Any]:
    return {
        "total": score.total,
        "grade": score.grade.value,
        "levels": [
            {"name": lv.name, "weight": lv.weight, "score": lv.score} for lv in score.levels
        ],
        "lost": [
            {"name": d.indicator, "points": d.points_lost, "reason": d.reason}
            for d in score.deductions
        ],
    }


def department_context(sub: Submission, score: Score, redacted: bool) -> dict[str, Any]:
    """Everything the department outline may say, keyed as the templates name it."""
    fin = sub.finance
    exp = fin.expenditure
    shown = [
        project_figures(p)
        for p in (unclassified_projects(sub.projects) if redacted else sub.projects)
    ]
    hidden = len(shown) < len(sub.projects)
    total = exp.total
    three = fin.three_public
    return {
        "year": sub.fiscal_year,
        "unit": sub.unit,
        "narrative": sub.narrative,
        "redacted": redacted,
        "hidden": hidden,
        "revenue": {
            "total": fin.revenue.total,
            "sources": [
                {
                    "name": s.name,
                    "amount": amount(s.amount),
                    "share": rate(amount(s.amount), fin.revenue.total),
                }
                for s in fin.revenue.sources
            ],
        },
        "expenditure": {
            "total": total,
            "basic": amount(exp.basic.total),
            "basic_share": rate(amount(exp.basic.total), total),
            "personnel": exp.basic.personnel,
            "public_funds": exp.basic.public,
            "basic_lines": _lines(exp.basic.by_economic_class, amount(exp.basic.total)),
            "project": amount(exp.project.total),
            "project_share": rate(amount(exp.project.total), total),
            "project_lines": _lines(exp.project.by_economic_class, amount(exp.project.total)),
            "lines": _lines(exp.by_economic_class, total),
        },
        "accounts": exp.by_account,
        "budget": {
            "initial": fin.budget.initial,
            "full_year": fin.budget.full_year,
            "executed": fin.budget.executed,
            "rate": rate(fin.budget.executed, fin.budget.full_year),
        },
        "three_public": {
            "actual": three.actual.total,
            "budget": three.budget.total,
            "last_year": three.last_year_actual.total,
            "control": rate(three.actual.total, three.budget.total),
            "change": None
            if three.actual.total is None or three.last_year_actual.total is None
            else rate(
                three.actual.total - three.last_year_actual.total, three.last_year_actual.total
            ),
        },
        "projects": shown,
        "project_count": len(shown),
        "score": _score(score),
        "stated": sub.self_evaluation,
    }


def project_context(
    sub: Submission, project: Project, score: Score, redacted: bool
) -> dict[str, Any]:
    """Everything a project outline may say."""
    figures = project_figures(project)
    funding = [
        {
            "source": row.source,
            "full_year": amount(row.full_year),
            "executed": amount(row.executed),
            "share": rate(amount(row.executed), figures.executed),
        }
        for row in project.funding
    ]
    return {
        "year": sub.fiscal_year,
        "unit": sub.unit,
        "project": project,
        "figures": figures,
        "funding": funding,
        "narrative": project.narrative,
        "shared": sub.narrative.project_funds_report,
        "redacted": redacted,
        "score": _score(score),
    }
