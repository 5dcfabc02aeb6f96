"""绩效目标: the targets a unit files before the year, their review, versions and 调整.

Why: a target typed after the year, next to its actual, is always met. The loop of
中发〔2018〕34号 fixes targets with the budget; this module is the record of them. A target
set moves draft → filed → returned/approved; an approved set is a locked version, and a
change during the year is an `Adjustment` with a reason, approved by the bureau, applied
on top of the locked version (never editing it), so the self-evaluation can show the
original and the adjusted target side by side.

The indicators are the model's `Indicator` (without actuals): the self-evaluation is
pre-filled from them, so a target means the same thing in both places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import Field, field_validator

from jixiao.core.model import Frozen, Indicator, Target
from jixiao.core.types import Money, Quantity

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from decimal import Decimal

__all__ = [
    "DEPARTMENT",
    "Adjustment",
    "Adjustments",
    "LastYear",
    "LastYearActual",
    "ProjectTargets",
    "TargetRow",
    "TargetSet",
    "TargetStatus",
    "apply_adjustments",
    "find_indicator",
    "next_status",
    "prefill",
    "side_by_side",
]

DEPARTMENT = ""
"""The `project` value that names the department-wide (部门整体) indicators."""

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ProjectTargets(Frozen):
    """One project's 绩效目标申报表: goals, funding, period and indicators."""

    name: str = Field(title="项目名称", min_length=1, max_length=200)
    code: str = Field(default="", title="项目编码", max_length=64)
    start: str = Field(default="", title="实施起始年月")
    end: str = Field(default="", title="实施终止年月")
    total_goal: str = Field(default="", title="总体目标", max_length=5000)
    annual_goal: str = Field(default="", title="年度目标", max_length=5000)
    funding: Money | None = Field(default=None, title="年度资金总额")
    indicators: tuple[Indicator, ...] = Field(default=(), title="绩效指标", max_length=200)

    @field_validator("start", "end")
    @classmethod
    def _month(cls, value: str) -> str:
        if value and not _MONTH.match(value):
            raise ValueError("年月应写成“2024-01”的形式")
        return value


class TargetSet(Frozen):
    """A unit's targets for one fiscal year: the department's and each project's."""

    fiscal_year: int = Field(title="年度", ge=2000, le=2100)
    unit_name: str = Field(title="单位名称", min_length=1, max_length=200)
    unit_kind: str = Field(default="", title="单位类型", max_length=50)
    department_goal: str = Field(default="", title="部门整体年度目标", max_length=5000)
    department_indicators: tuple[Indicator, ...] = Field(
        default=(), title="部门整体绩效指标", max_length=200
    )
    projects: tuple[ProjectTargets, ...] = Field(default=(), title="项目", max_length=500)

    def indicators(self) -> Iterable[tuple[str, str, Indicator]]:
        """(project name or DEPARTMENT, field path, indicator) for every indicator."""
        for i, ind in enumerate(self.department_indicators):
            yield DEPARTMENT, f"department_indicators[{i}]", ind
        for p, project in enumerate(self.projects):
            for i, ind in enumerate(project.indicators):
                yield project.name, f"projects[{p}].indicators[{i}]", ind


class TargetStatus(StrEnum):
    """Where a target set stands; only APPROVED is locked."""

    DRAFT = "draft"
    FILED = "filed"
    RETURNED = "returned"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        """Chinese label for pages."""
        return {
            "draft": "草稿",
            "filed": "已报送待审核",
            "returned": "已退回修改",
            "approved": "已批复锁定",
        }[self.value]


_TRANSITIONS = {
    (TargetStatus.DRAFT, "file"): TargetStatus.FILED,
    (TargetStatus.RETURNED, "file"): TargetStatus.FILED,
    (TargetStatus.FILED, "return"): TargetStatus.RETURNED,
    (TargetStatus.FILED, "approve"): TargetStatus.APPROVED,
}
_ACTIONS = {"file": "报送", "return": "退回", "approve": "批复"}


def next_status(status: TargetStatus, action: str) -> TargetStatus:
    """The status after `action` (file / return / approve); ValueError when not allowed.

    An approved set never moves again: a change is an adjustment, not an edit.
    """
    found = _TRANSITIONS.get((status, action))
    if found is None:
        verb = _ACTIONS.get(action, action)
        raise ValueError(f"绩效目标当前为“{status.label}”，不能{verb}")
    return found


class Adjustment(Frozen):
    """An 调整 request: one indicator's new target, with the reason for the change."""

    project: str = Field(default=DEPARTMENT, title="项目名称（部门整体留空）", max_length=200)
    indicator: str = Field(title="三级指标", min_length=1, max_length=200)
    new_target: Target = Field(title="调整后指标值")
    reason: str = Field(title="调整理由", min_length=1, max_length=2000)


def find_indicator(targets: TargetSet, project: str, name: str) -> tuple[str, Indicator] | None:
    """The field path and indicator named `name` of `project` (DEPARTMENT for the unit)."""
    for owner, path, ind in targets.indicators():
        if owner == project and ind.name == name:
            return path, ind
    return None


def apply_adjustments(targets: TargetSet, adjustments: Sequence[Adjustment]) -> TargetSet:
    """The target set with approved adjustments applied in order; the original is unchanged.

    Raises:
        ValueError: an adjustment names an indicator the set does not have.
    """
    changed: dict[tuple[str, str], Target] = {}
    for adj in adjustments:
        if find_indicator(targets, adj.project, adj.indicator) is None:
            owner = adj.project or "部门整体"
            raise ValueError(f"调整的指标「{owner}／{adj.indicator}」不在已批复的绩效目标中")
        changed[(adj.project, adj.indicator)] = adj.new_target

    def swap(owner: str, indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
        return tuple(
            ind.model_copy(update={"target": changed[(owner, ind.name)]})
            if (owner, ind.name) in changed
            else ind
            for ind in indicators
        )

    return targets.model_copy(
        update={
            "department_indicators": swap(DEPARTMENT, targets.department_indicators),
            "projects": tuple(
                p.model_copy(update={"indicators": swap(p.name, p.indicators)})
                for p in targets.projects
            ),
        }
    )


class Adjustments(Frozen):
    """A file of approved adjustments, applied in order."""

    adjustments: tuple[Adjustment, ...] = Field(default=(), title="调整", max_length=1000)


class LastYearActual(Frozen):
    """Last year's actual of one indicator, for the "below last year" lint."""

    project: str = Field(default=DEPARTMENT, title="项目名称（部门整体留空）", max_length=200)
    indicator: str = Field(title="三级指标", min_length=1, max_length=200)
    actual: Quantity = Field(title="上年实际完成值")


class LastYear(Frozen):
    """Last year's actuals (from last year's self-evaluation)."""

    actuals: tuple[LastYearActual, ...] = Field(default=(), title="上年实际", max_length=5000)

    def by_indicator(self) -> dict[tuple[str, str], Decimal]:
        """Actuals keyed by (project, indicator), as `lint_targets` takes them."""
        return {(a.project, a.indicator): a.actual for a in self.actuals}


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One indicator with its approved target and (when adjusted) its adjusted target."""

    project: str
    level1: str
    level2: str
    name: str
    unit: str
    original: str
    adjusted: str | None
    weight: str


def side_by_side(original: TargetSet, adjusted: TargetSet) -> list[TargetRow]:
    """Rows for the self-evaluation and the report: original and adjusted targets together."""
    after = {(owner, ind.name): ind for owner, _path, ind in adjusted.indicators()}
    rows: list[TargetRow] = []
    for owner, _path, ind in original.indicators():
        new = after.get((owner, ind.name))
        before_text = _shown(ind)
        new_text = None if new is None or _shown(new) == before_text else _shown(new)
        rows.append(
            TargetRow(
                owner or "部门整体",
                ind.level1,
                ind.level2,
                ind.name,
                ind.unit,
                before_text,
                new_text,
                "" if ind.weight is None else f"{ind.weight:f}",
            )
        )
    return rows


def _shown(ind: Indicator) -> str:
    return "" if ind.target is None else ind.target.display(ind.unit)


def prefill(targets: TargetSet) -> dict[str, Any]:
    """Submission data pre-filled from (adjusted) locked targets: targets set, actuals empty.

    The result validates as a `Submission`; the unit adds actuals, reasons and narrative.
    """

    def rows(indicators: tuple[Indicator, ...]) -> list[dict[str, Any]]:
        return [
            ind.model_dump(
                mode="json",
                exclude={"actual", "stated_score", "deviation_reason", "measures"},
                exclude_none=True,
            )
            for ind in indicators
        ]

    return {
        "fiscal_year": targets.fiscal_year,
        "unit": {"name": targets.unit_name, "kind": targets.unit_kind},
        "department_indicators": rows(targets.department_indicators),
        "projects": [
            {
                "name": p.name,
                "code": p.code,
                "goal": p.annual_goal or p.total_goal,
                "indicators": rows(p.indicators),
                **({"budget": {"full_year": f"{p.funding:f}"}} if p.funding is not None else {}),
            }
            for p in targets.projects
        ],
    }
