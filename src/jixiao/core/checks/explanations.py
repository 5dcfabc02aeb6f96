"""What a region requires the unit to explain in a project's 原因 column (RULES.md §1.4).

Sichuan's 部门预算项目支出绩效自评表 requires a reason when the execution rate (预算执行数 ÷
调整后预算数) is below 90% and whenever the budget was raised or cut during the year, in at
most 100 characters. Those numbers are data in the region's profile (`explanations`), so a
profile without them (the national one) checks nothing here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.money import HUNDRED, fmt_money, fmt_number, quantize2
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.model import Project, Submission

_CODES = ("explain.low-execution", "explain.adjustment", "explain.too-long")


def _project(project: Project, index: int, opts: CheckOptions) -> list[Problem]:
    rules = opts.explanations
    budget = project.budget
    base = f"projects[{index}].budget"
    reason = budget.explanation.strip()
    limit = f"不超过{rules.max_chars}字" if rules.max_chars else "字数不限"
    problems: list[Problem] = []
    full, spent, initial = budget.full_year, budget.executed, budget.initial
    if (
        rules.execution_below is not None
        and not reason
        and isinstance(full, Decimal)
        and isinstance(spent, Decimal)
        and full > 0
    ):
        rate = spent / full * HUNDRED
        if rate < rules.execution_below:
            problems.append(
                make(
                    "explain.low-execution",
                    f"{base}.explanation",
                    name=project.name,
                    rate=f"{quantize2(rate):f}",
                    threshold=fmt_number(rules.execution_below),
                    limit=limit,
                    reference=rules.reference,
                )
            )
    if (
        rules.adjustment
        and not reason
        and isinstance(full, Decimal)
        and isinstance(initial, Decimal)
        and full != initial
    ):
        change = (
            f"追加{fmt_money(full - initial)}万元"
            if full > initial
            else f"调减{fmt_money(initial - full)}万元"
        )
        problems.append(
            make(
                "explain.adjustment",
                f"{base}.explanation",
                name=project.name,
                full_year=fmt_money(full),
                initial=fmt_money(initial),
                change=change,
                limit=limit,
                reference=rules.reference,
            )
        )
    if rules.max_chars and len(reason) > rules.max_chars:
        problems.append(
            make(
                "explain.too-long",
                f"{base}.explanation",
                name=project.name,
                length=len(reason),
                limit=rules.max_chars,
                reference=rules.reference,
            )
        )
    return problems


@check(*_CODES, tags=("explanations",))
def project_explanations(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Reasons the region's profile requires in each project's 原因 column."""
    rules = opts.explanations
    if rules.execution_below is None and not rules.adjustment and not rules.max_chars:
        return []
    problems: list[Problem] = []
    for index, project in enumerate(sub.projects):
        problems += _project(project, index, opts)
    return problems
