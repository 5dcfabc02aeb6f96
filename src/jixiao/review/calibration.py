"""Calibration: how far units' self-scores sit above the bureau's re-review scores.

Why: a self-evaluation is only worth what its calibration says. Grouped by unit,
department type or year, the gap between self-score and re-review score and the share
rated 优 on each side show who inflates; the gap then raises that unit's risk in next
year's spot-check sample and, above a line, makes the re-review grade (not the self-score)
the one applied to the budget (rules: `LoopRules.calibration`, rules/loop/).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.money import fmt_money, fmt_number, quantize2
from jixiao.review.grades import grade_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jixiao.core.loop_rules import CalibrationRules

__all__ = [
    "GROUPINGS",
    "CalibrationGroup",
    "CalibrationRecord",
    "application_notes",
    "calibrate",
    "combine",
    "missing_targets_risk",
    "prior_risk",
]

GROUPINGS = {"unit": "单位", "kind": "单位类型", "year": "年度"}
_HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class CalibrationRecord:
    """One re-reviewed submission: the unit's self-score/grade and the bureau's."""

    unit: str
    kind: str
    year: int
    self_score: Decimal
    review_score: Decimal
    self_grade: str
    review_grade: str


@dataclass(frozen=True, slots=True)
class CalibrationGroup:
    """Figures of one group: means (two decimals), gap = self − review, 优 shares in %."""

    key: str
    count: int
    mean_self: Decimal
    mean_review: Decimal
    mean_gap: Decimal
    self_excellent_share: Decimal
    review_excellent_share: Decimal


def _key(record: CalibrationRecord, by: str) -> str:
    if by == "unit":
        return record.unit
    if by == "kind":
        return record.kind or "未分类"
    if by == "year":
        return str(record.year)
    raise ValueError(f"分组方式应为 {'、'.join(GROUPINGS)} 之一，实际为『{by}』")


def calibrate(records: Iterable[CalibrationRecord], by: str = "unit") -> list[CalibrationGroup]:
    """Groups by `by` (unit / kind / year), largest gap first; one pass over the records."""
    sums: dict[str, list[Decimal]] = {}
    for r in records:
        acc = sums.setdefault(_key(r, by), [Decimal(0)] * 5)
        acc[0] += 1
        acc[1] += r.self_score
        acc[2] += r.review_score
        acc[3] += _excellent(r.self_grade)
        acc[4] += _excellent(r.review_grade)
    groups = [
        CalibrationGroup(
            key,
            int(n),
            quantize2(s / n),
            quantize2(v / n),
            quantize2(s / n) - quantize2(v / n),
            quantize2(se * _HUNDRED / n),
            quantize2(ve * _HUNDRED / n),
        )
        for key, (n, s, v, se, ve) in sums.items()
    ]
    return sorted(groups, key=lambda g: (-g.mean_gap, g.key))


def _excellent(grade: str) -> Decimal:
    found = grade_of(grade)
    return Decimal(1) if found is not None and found.value == "优" else Decimal(0)


def prior_risk(
    records: Iterable[CalibrationRecord], year: int, rules: CalibrationRules
) -> dict[str, tuple[Decimal, str]]:
    """Risk points for year + 1's sampling, by unit, from the mean gap found in `year`.

    A unit whose mean gap exceeds the threshold gets points per point above it, capped;
    the reason names the year and the gap. Feed the result to `sampling.select_sample`.
    """
    found: dict[str, tuple[Decimal, str]] = {}
    for group in calibrate((r for r in records if r.year == year), "unit"):
        excess = group.mean_gap - rules.gap_threshold
        if excess <= 0:
            continue
        points = quantize2(min(rules.cap, excess * rules.points_per_point))
        reason = (
            f"{year}年度复核：自评得分平均高出复核得分{fmt_money(group.mean_gap)}分"
            f"（超过{fmt_number(rules.gap_threshold)}分）"
        )
        found[group.key] = (points, reason)
    return found


def application_notes(
    records: Iterable[CalibrationRecord], year: int, rules: CalibrationRules
) -> Mapping[str, str]:
    """结果应用 notes by unit: where the gap reaches the line, the re-review grade applies."""
    return {
        g.key: rules.application_text
        for g in calibrate((r for r in records if r.year == year), "unit")
        if g.mean_gap >= rules.application_gap
    }


def missing_targets_risk(
    units: Iterable[str], rules: CalibrationRules
) -> dict[str, tuple[Decimal, str]]:
    """Risk points for self-evaluations filed without approved targets (by unit name)."""
    if rules.no_targets_points <= 0:
        return {}
    reason = "绩效目标未经财政批复，自评目标与实际同时填写"
    return dict.fromkeys(units, (rules.no_targets_points, reason))


def combine(*maps: Mapping[str, tuple[Decimal, str]]) -> dict[str, tuple[Decimal, str]]:
    """Several `prior` maps as one: points added, reasons joined (for `select_sample`)."""
    out: dict[str, tuple[Decimal, str]] = {}
    for found in maps:
        for unit, (points, reason) in found.items():
            if unit in out:
                before = out[unit]
                out[unit] = (before[0] + points, f"{before[1]}；{reason}")
            else:
                out[unit] = (points, reason)
    return out
