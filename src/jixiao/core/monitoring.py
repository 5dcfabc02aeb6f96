"""运行监控: a mid-year round's figures and the red/yellow warnings they raise.

Why: 财预〔2019〕136号 asks for 双监控 — spending progress against time elapsed and goal
progress against the approved targets — with warnings and corrections during the year,
not discovered in next year's self-evaluation. Which gaps are red or yellow is data
(`LoopRules.monitoring`, rules/loop/); this module measures and compares, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import Field

from jixiao.core.goals import DEPARTMENT, TargetSet
from jixiao.core.model import Frozen
from jixiao.core.money import fmt_money, fmt_number, percent, quantize2
from jixiao.core.problems import Problem, make
from jixiao.core.targets import Comparator, parse_actual
from jixiao.core.types import Money, Quantity

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.loop_rules import Level, MonitoringRules, WarningRule
    from jixiao.core.model import Indicator

__all__ = [
    "Alert",
    "IndicatorProgress",
    "RoundReport",
    "Spending",
    "completion_ratio",
    "elapsed_percent",
    "evaluate_round",
]

_HUNDRED = Decimal(100)


class Spending(Frozen):
    """Executed to date against the full-year budget, with the unit's explanation."""

    project: str = Field(default=DEPARTMENT, title="项目名称（部门整体留空）", max_length=200)
    full_year: Money | None = Field(default=None, title="全年预算数")
    executed: Money | None = Field(default=None, title="截至本轮执行数")
    deviation_reason: str = Field(default="", title="偏差原因", max_length=2000)
    measures: str = Field(default="", title="纠偏措施", max_length=2000)


class IndicatorProgress(Frozen):
    """One indicator's value to date and the unit's expected year-end completion."""

    project: str = Field(default=DEPARTMENT, title="项目名称（部门整体留空）", max_length=200)
    indicator: str = Field(title="三级指标", min_length=1, max_length=200)
    to_date: Quantity | str | None = Field(default=None, title="截至本轮完成值")
    expected: Quantity | str | None = Field(default=None, title="预计全年完成值")
    expected_met: bool | None = Field(default=None, title="预计能否完成（定性指标）")


class RoundReport(Frozen):
    """A unit's figures for one monitoring round (e.g. 1–7月)."""

    fiscal_year: int = Field(title="年度", ge=2000, le=2100)
    unit_name: str = Field(title="单位名称", min_length=1, max_length=200)
    round_name: str = Field(default="", title="监控轮次", max_length=50)
    months: int = Field(title="截至月份", ge=1, le=12)
    spending: tuple[Spending, ...] = Field(default=(), title="预算执行", max_length=500)
    indicators: tuple[IndicatorProgress, ...] = Field(default=(), title="指标进度", max_length=5000)


@dataclass(frozen=True, slots=True)
class Alert:
    """A warning of one round: its level, the rule that raised it and the finding."""

    level: Level
    rule: str
    subject: str
    problem: Problem


def elapsed_percent(months: int) -> Decimal:
    """Time elapsed in percent of the year after `months` months (7 → 58.33)."""
    return quantize2(Decimal(months) * _HUNDRED / 12)


def completion_ratio(ind: Indicator, expected: Decimal | str | None) -> Decimal | None:
    """Expected year-end completion as a percent of the target (100 = exactly met).

    For "≤" targets (costs, time) the ratio is target ÷ expected, so higher is better in
    both directions; None when either figure is missing or not a number.
    """
    target = ind.target
    if target is None or target.value is None or target.comparator is Comparator.QUALITATIVE:
        return None
    value = _number(expected)
    if value is None:
        return None
    if target.comparator.higher_is_better:
        return percent(value, target.value) if target.value else None
    return percent(target.value, value) if value else None


def _number(value: Decimal | str | None) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    try:
        parsed = parse_actual(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, Decimal) else None


def evaluate_round(
    report: RoundReport, targets: TargetSet | None, rules: MonitoringRules
) -> list[Alert]:
    """Every warning of a round: per subject and kind, the most severe matching rule only.

    Indicators are judged against the (adjusted) locked targets; a round without approved
    targets is judged on spending only.
    """
    by_kind: dict[str, list[WarningRule]] = {}
    for rule in rules.rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    for listed in by_kind.values():
        listed.sort(key=lambda r: (r.level.rank, -r.threshold))
    label = report.round_name or f"1–{report.months}月"
    alerts: list[Alert] = []
    for i, spend in enumerate(report.spending):
        alerts += _spending(spend, i, report.months, label, by_kind)
    alerts += _indicators(report, targets, by_kind)
    alerts += _reasons(report, alerts, by_kind)
    return sorted(alerts, key=lambda a: (a.level.rank, a.subject, a.rule))


def _first(rules: Iterable[WarningRule], measure: Decimal) -> WarningRule | None:
    """The first (most severe) rule whose threshold the measure reaches."""
    return next((r for r in rules if measure >= r.threshold), None)


def _subject(project: str) -> str:
    return project or "部门整体"


def _spending(
    spend: Spending, i: int, months: int, label: str, by_kind: dict[str, list[WarningRule]]
) -> list[Alert]:
    if spend.full_year is None or spend.executed is None or spend.full_year == 0:
        return []
    subject = _subject(spend.project)
    path = f"spending[{i}].executed"
    rate = percent(spend.executed, spend.full_year)
    assert rate is not None
    elapsed = elapsed_percent(months)
    alerts: list[Alert] = []
    lag = elapsed - rate
    rule = _first(by_kind.get("execution_lag", ()), lag)
    if rule is not None:
        problem = make(
            "monitoring.execution-lag",
            path,
            subject=subject,
            round=label,
            executed=spend.executed,
            rate=fmt_money(rate),
            elapsed=fmt_money(elapsed),
            lag=fmt_money(lag),
            expected=elapsed,
            actual=rate,
        )
        alerts.append(Alert(rule.level, rule.id, subject, problem))
    over = spend.executed - spend.full_year
    rule = _first(by_kind.get("over_budget", ()), over) if over > 0 else None
    if rule is not None:
        problem = make(
            "monitoring.over-budget",
            path,
            subject=subject,
            round=label,
            executed=spend.executed,
            budget=spend.full_year,
            expected=spend.full_year,
            actual=spend.executed,
        )
        alerts.append(Alert(rule.level, rule.id, subject, problem))
    return alerts


def _indicators(
    report: RoundReport, targets: TargetSet | None, by_kind: dict[str, list[WarningRule]]
) -> list[Alert]:
    if targets is None:
        return []
    known = {(owner, ind.name): ind for owner, _path, ind in targets.indicators()}
    alerts: list[Alert] = []
    for i, progress in enumerate(report.indicators):
        ind = known.get((progress.project, progress.indicator))
        if ind is None or ind.target is None:
            continue
        ratio = completion_ratio(ind, progress.expected)
        if ratio is None and progress.expected_met is False:
            ratio = Decimal(0)
        if ratio is None:
            continue
        rule = _first(by_kind.get("indicator_shortfall", ()), _HUNDRED - ratio)
        if rule is None:
            continue
        subject = _subject(progress.project)
        expected = progress.expected
        shown = "不能完成" if expected is None else f"{_plain(expected)}{ind.unit}"
        problem = make(
            "monitoring.indicator-shortfall",
            f"indicators[{i}].expected",
            subject=subject,
            name=ind.name,
            forecast=shown,
            target=ind.target.display(ind.unit),
            ratio=fmt_money(ratio),
        )
        alerts.append(Alert(rule.level, rule.id, subject, problem))
    return alerts


def _plain(value: Decimal | str) -> str:
    return fmt_number(value) if isinstance(value, Decimal) else value


def _reasons(
    report: RoundReport, alerts: list[Alert], by_kind: dict[str, list[WarningRule]]
) -> list[Alert]:
    """A subject with any warning but no deviation reason or measures raises its own warning."""
    rules = by_kind.get("reason_missing", [])
    if not rules or not alerts:
        return []
    explained = {_subject(s.project) for s in report.spending if s.deviation_reason and s.measures}
    flagged = dict.fromkeys(a.subject for a in alerts if a.subject not in explained)
    rule = rules[0]
    return [
        Alert(
            rule.level,
            rule.id,
            subject,
            make("monitoring.reason-missing", "spending", subject=subject),
        )
        for subject in flagged
    ]
