"""Filing-time lint of 绩效目标: catch a target that cannot fail before it is approved.

Why: the indicator checks at evaluation time come too late; once a cost target written
"≥" or a percentage over 100% is approved, the unit is scored against it. Here the same
judgements (shared with `checks.indicators`) plus the ones only visible at filing —
missing dimensions, deadlines outside the project period, a payment rate posing as an
output, a target below last year's actual, a vague qualitative target — come back as
Problems like every other check, located by field path in the target set.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jixiao.core.checks.indicators import is_cost, percent_capped
from jixiao.core.goals import DEPARTMENT
from jixiao.core.money import fmt_number
from jixiao.core.problems import Problem, make
from jixiao.core.targets import Comparator

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from jixiao.core.goals import TargetSet
    from jixiao.core.loop_rules import LintRules
    from jixiao.core.model import Indicator

__all__ = ["lint_targets"]

_DATE = re.compile(r"(20\d{2})\s*[年\-./]\s*(\d{1,2})\s*月?")


def lint_targets(
    targets: TargetSet,
    rules: LintRules,
    last_year: Mapping[tuple[str, str], Decimal] | None = None,
) -> list[Problem]:
    """Every filing-time problem of a target set (all warnings: the bureau decides).

    `last_year` holds last year's actuals by (project name, or "" for the department,
    indicator name).
    """
    found: list[Problem] = []
    previous = last_year or {}
    year = targets.fiscal_year
    department_period = ((year, 1), (year, 12))
    periods = {DEPARTMENT: department_period}
    for project in targets.projects:
        periods[project.name] = (
            _month(project.start) or department_period[0],
            _month(project.end) or department_period[1],
        )
    for owner, path, ind in targets.indicators():
        found += _indicator(ind, path, rules)
        found += _deadline(ind, path, periods[owner], year)
        found += _below_last_year(ind, path, previous.get((owner, ind.name)))
    found += _dimensions(targets, rules)
    return found


def _month(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    y, m = text.split("-")
    return int(y), int(m)


def _indicator(ind: Indicator, path: str, rules: LintRules) -> list[Problem]:
    found: list[Problem] = []
    target = ind.target
    if target is None:
        return found
    where = f"{path}.target"
    if is_cost(ind) and target.comparator in (Comparator.GE, Comparator.GT):
        found.append(
            make("targets.cost-comparator", where, name=ind.name, target=target.display(ind.unit))
        )
    if percent_capped(ind) and target.value is not None and target.value > 100:
        found.append(
            make("targets.percent-over-100", where, name=ind.name, value=fmt_number(target.value))
        )
    if target.comparator is not Comparator.QUALITATIVE and not ind.unit.strip():
        found.append(make("targets.missing-unit", f"{path}.unit", name=ind.name))
    if "产出" in ind.level1 and any(w in ind.name for w in rules.payment_words):
        found.append(make("targets.payment-rate-as-output", f"{path}.level1", name=ind.name))
    if target.comparator is Comparator.QUALITATIVE:
        text = target.text or ""
        word = next((w for w in rules.vague_words if w in text), None)
        if word is not None and not any(ch.isdigit() for ch in text):
            found.append(
                make("targets.vague-qualitative", where, name=ind.name, text=text, word=word)
            )
    return found


def _deadline(
    ind: Indicator, path: str, period: tuple[tuple[int, int], tuple[int, int]], year: int
) -> list[Problem]:
    """A 时效 indicator's date: "2024年12月" in the text, or a month number with unit 月."""
    target = ind.target
    if target is None or "时效" not in ind.level2 + ind.level1:
        return []
    match = _DATE.search(target.text or "")
    if match:
        when = (int(match[1]), int(match[2]))
    elif ind.unit.strip() == "月" and target.value is not None:
        when = (year, int(target.value))
    else:
        return []
    if period[0] <= when <= period[1] and 1 <= when[1] <= 12:
        return []
    (y0, m0), (y1, m1) = period
    return [
        make(
            "targets.deadline-outside-period",
            f"{path}.target",
            name=ind.name,
            deadline=f"{when[0]}年{when[1]}月",
            period=f"{y0}年{m0}月至{y1}年{m1}月",
        )
    ]


def _below_last_year(ind: Indicator, path: str, last: Decimal | None) -> list[Problem]:
    """A "≥" target under last year's actual (or a "≤" target above it) is already met."""
    target = ind.target
    if last is None or target is None or target.value is None:
        return []
    slack = (target.comparator in (Comparator.GE, Comparator.GT, Comparator.EQ)) and (
        target.value < last and not is_cost(ind)
    )
    slack = slack or (target.comparator in (Comparator.LE, Comparator.LT) and target.value > last)
    if not slack:
        return []
    return [
        make(
            "targets.below-last-year",
            f"{path}.target",
            name=ind.name,
            target=target.display(ind.unit),
            last=f"{fmt_number(last)}{ind.unit}",
            expected=last,
            actual=target.value,
        )
    ]


def _dimensions(targets: TargetSet, rules: LintRules) -> list[Problem]:
    """Every owner with indicators covers each required level-1 dimension (产出/效益/满意度)."""
    owners = [("部门整体", "department_indicators", targets.department_indicators)]
    owners += [
        (p.name, f"projects[{i}].indicators", p.indicators) for i, p in enumerate(targets.projects)
    ]
    found: list[Problem] = []
    for owner, path, indicators in owners:
        if not indicators:
            continue
        level1 = " ".join(ind.level1 for ind in indicators)
        found += [
            make("targets.missing-dimension", path, owner=owner, dimension=dimension)
            for dimension in rules.dimensions
            if dimension not in level1
        ]
    return found
