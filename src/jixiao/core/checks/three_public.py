"""Three public expenses ("三公"经费): actual within budget and not above last year.

RULES.md §3.1 (控制率, 变动率) and §3.2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.model import Submission


@check("three-public.over-budget", "three-public.increase", tags=("three-public",))
def three_public_control(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Three public expenses: actual ≤ budget (控制率) and ≤ last year's actual (变动率)."""
    tp = sub.finance.three_public
    actual = tp.actual.effective_total()
    if actual is None:
        return []
    problems: list[Problem] = []
    budget, last = tp.budget.effective_total(), tp.last_year_actual.effective_total()
    path = "finance.three_public.actual.total"
    if budget is not None and actual - budget > opts.tolerance:
        problems.append(
            make(
                "three-public.over-budget",
                path,
                expected=budget,
                actual=actual,
                item="合计",
                spent=actual,
                budget=budget,
            )
        )
    if last is not None and actual - last > opts.tolerance:
        problems.append(
            make(
                "three-public.increase",
                path,
                expected=last,
                actual=actual,
                item="合计",
                spent=actual,
                last=last,
            )
        )
    return problems
