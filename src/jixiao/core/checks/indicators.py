"""Performance indicators: present where required, complete, and plausible.

Why: an indicator without a target or an actual cannot be scored, and a cost target
written "≥" rewards overspending; both are common in typed forms (RULES.md §1.5, §2).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.money import fmt_number
from jixiao.core.problems import Problem, make
from jixiao.core.targets import QUALITATIVE_GRADES, Comparator
from jixiao.core.types import is_amount

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from jixiao.core.model import Indicator, Submission

_COST_WORDS = ("成本", "费用", "单价", "经费")
_PERCENT_CAPPED = ("率", "满意度", "覆盖", "达标", "合格", "完成", "到位", "知晓")


@check("indicators.missing", tags=("indicators",))
def projects_have_indicators(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Every project at or above the threshold, and every key project, has indicators."""
    problems: list[Problem] = []
    for i, project in enumerate(sub.projects):
        if project.indicators:
            continue
        amount = (
            project.budget.full_year
            if is_amount(project.budget.full_year)
            else project.budget.executed
        )
        over = isinstance(amount, Decimal) and amount >= opts.project_indicator_threshold
        undisclosed = not is_amount(amount) and opts.project_indicator_threshold == 0
        if project.key_project or over or undisclosed:
            if project.key_project:
                reason = "重点项目"
            elif opts.project_indicator_threshold == 0:
                reason = "全部项目均须自评"
            else:
                reason = f"金额达到{fmt_number(opts.project_indicator_threshold)}万元的自评范围"
            problems.append(
                make(
                    "indicators.missing",
                    f"projects[{i}].indicators",
                    project=project.name,
                    reason=reason,
                )
            )
    return problems


def _all_indicators(sub: Submission) -> Iterable[tuple[int, int, Indicator]]:
    """Each indicator with its project's index (-1: the department's) and its own.

    Why not its path: a province's 200,000 indicators are walked by two checks, and a
    path is spelled (`_base`) only for the few that have a problem.
    """
    for i, indicator in enumerate(sub.department_indicators):
        yield -1, i, indicator
    for p, project in enumerate(sub.projects):
        for i, indicator in enumerate(project.indicators):
            yield p, i, indicator


def _base(p: int, i: int) -> str:
    """The path of indicator `i` of project `p` (-1: of the department)."""
    return f"department_indicators[{i}]" if p < 0 else f"projects[{p}].indicators[{i}]"


@check(
    "indicators.no-target",
    "indicators.no-actual",
    "indicators.actual-not-number",
    tags=("indicators",),
)
def indicators_complete(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Each indicator has a target and an actual; a quantitative actual is a number."""
    problems: list[Problem] = []
    for p, i, ind in _all_indicators(sub):
        if ind.target is None:
            problems.append(make("indicators.no-target", f"{_base(p, i)}.target", name=ind.name))
        if ind.actual is None or ind.actual == "":
            problems.append(make("indicators.no-actual", f"{_base(p, i)}.actual", name=ind.name))
        elif ind.target is not None and not ind.is_qualitative and isinstance(ind.actual, str):
            problems.append(
                make(
                    "indicators.actual-not-number",
                    f"{_base(p, i)}.actual",
                    name=ind.name,
                    value=ind.actual,
                )
            )
    return problems


def is_cost(ind: Indicator) -> bool:
    """Whether an indicator measures a cost (lower is better), by its level-2 name or words."""
    return "成本" in ind.level2 or (
        ind.unit.endswith("元") and any(w in ind.name for w in _COST_WORDS)
    )


def percent_capped(ind: Indicator) -> bool:
    """Whether an indicator is a share that cannot pass 100% (完成率, 满意度 …; not 增长率)."""
    return (
        ind.unit == "%" and any(w in ind.name for w in _PERCENT_CAPPED) and "增长" not in ind.name
    )


def _percent_values(ind: Indicator) -> Sequence[tuple[str, Decimal]]:
    values: list[tuple[str, Decimal]] = []
    if ind.target is not None and ind.target.value is not None:
        values.append(("年度指标值", ind.target.value))
    if isinstance(ind.actual, Decimal):
        values.append(("实际完成值", ind.actual))
    return values


@check(
    "indicators.cost-comparator",
    "indicators.percent-over-100",
    "indicators.qualitative-actual",
    tags=("indicators",),
)
def indicators_plausible(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Cost targets use ≤; capped percentages stay ≤ 100%; qualitative actuals use the grades."""
    problems: list[Problem] = []
    for p, i, ind in _all_indicators(sub):
        target = ind.target
        if (
            target is not None
            and target.comparator in (Comparator.GE, Comparator.GT)
            and is_cost(ind)
        ):
            problems.append(
                make(
                    "indicators.cost-comparator",
                    f"{_base(p, i)}.target",
                    name=ind.name,
                    target=target.display(ind.unit),
                )
            )
        if percent_capped(ind):
            for which, value in _percent_values(ind):
                if value > 100:
                    field = "target" if which == "年度指标值" else "actual"
                    problems.append(
                        make(
                            "indicators.percent-over-100",
                            f"{_base(p, i)}.{field}",
                            name=ind.name,
                            which=which,
                            value=fmt_number(value),
                        )
                    )
        if (
            ind.is_qualitative
            and isinstance(ind.actual, str)
            and ind.actual
            and ind.actual not in QUALITATIVE_GRADES
        ):
            problems.append(
                make(
                    "indicators.qualitative-actual",
                    f"{_base(p, i)}.actual",
                    name=ind.name,
                    value=ind.actual,
                )
            )
    return problems
