"""Stated rates against the amounts they are computed from (RULES.md §1.4).

执行率 = 全年执行数 ÷ 全年预算数 (the adjusted budget). A stated rate agrees when the
computed rate, rounded to the stated rate's own precision, equals it (corpus convention).
A rate stated with no figures behind it cannot be verified and says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.money import HUNDRED, fmt_number, quantize2, rate_agrees
from jixiao.core.problems import Figure, Location, Problem, make
from jixiao.core.types import is_amount

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.model import Submission

_RATE_CODES = (
    "rates.execution-mismatch",
    "rates.unverifiable",
    "rates.over-executed",
    "rates.zero-budget",
)


def _execution(
    label: str,
    base: str,
    full_year: object,
    executed: object,
    stated: Decimal | None,
    stated_path: str,
) -> list[Problem]:
    problems: list[Problem] = []
    if not (is_amount(full_year) and is_amount(executed)):  # type: ignore[arg-type]
        if stated is not None:
            missing = "全年预算数和全年执行数"
            problems.append(
                make(
                    "rates.unverifiable",
                    stated_path,
                    label=label,
                    stated=fmt_number(stated),
                    missing=missing,
                )
            )
        return problems
    assert isinstance(full_year, Decimal)
    assert isinstance(executed, Decimal)
    if full_year == 0:
        if executed > 0:
            problems.append(
                make("rates.zero-budget", f"{base}.full_year", label=label, executed=executed)
            )
        return problems
    if executed > full_year:
        problems.append(
            make(
                "rates.over-executed",
                f"{base}.executed",
                expected=full_year,
                actual=executed,
                label=label,
                executed=executed,
                full_year=full_year,
            )
        )
    if stated is not None:
        computed = executed / full_year * HUNDRED
        if not rate_agrees(stated, computed):
            shown = quantize2(computed)
            problems.append(
                make(
                    "rates.execution-mismatch",
                    stated_path,
                    figures=(
                        Figure(
                            "全年预算数", full_year, location=Location(path=f"{base}.full_year")
                        ),
                        Figure("全年执行数", executed, location=Location(path=f"{base}.executed")),
                        Figure(label, stated, "%", Location(path=stated_path)),
                    ),
                    expected=shown,
                    actual=stated,
                    difference=stated - shown,
                    label=label,
                    stated=fmt_number(stated),
                    executed=executed,
                    full_year=full_year,
                    computed=fmt_number(shown),
                )
            )
    return problems


@check(*_RATE_CODES, tags=("rates",))
def department_execution(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """部门预算执行率 = 全年执行数 ÷ 全年预算数; 预算收入完成率 needs its figures too."""
    budget = sub.finance.budget
    problems = _execution(
        "部门预算执行率",
        "finance.budget",
        budget.full_year,
        budget.executed,
        budget.stated_execution_rate,
        "finance.budget.stated_execution_rate",
    )
    if budget.stated_revenue_completion_rate is not None and budget.full_year is None:
        problems.append(
            make(
                "rates.unverifiable",
                "finance.budget.stated_revenue_completion_rate",
                label="预算收入完成率",
                stated=fmt_number(budget.stated_revenue_completion_rate),
                missing="全年预算数（收入预算）",
            )
        )
    return problems


@check(*_RATE_CODES, tags=("rates",))
def project_execution(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Each project's 执行率 = 全年执行数 ÷ 全年预算数."""
    problems: list[Problem] = []
    for i, project in enumerate(sub.projects):
        b = project.budget
        problems += _execution(
            f"{project.name} 执行率",
            f"projects[{i}].budget",
            b.full_year,
            b.executed,
            b.stated_execution_rate,
            f"projects[{i}].budget.stated_execution_rate",
        )
    return problems
