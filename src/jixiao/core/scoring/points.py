"""Point formulas: target A, actual B and weight W → points (RULES.md §1.4–1.6, §3.2).

Pure arithmetic on Decimal so the rules can be tested exhaustively (tests/scoring) and run
in the engine's hot loop without allocation beyond the result. Every function returns a
value in [0, W]; the cap ("得分一档最高不能超过该指标分值上限", 2017 form) is applied here
once, not left to callers. Which formula applies is the framework's choice, not the code's.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from jixiao.core.framework import LeFormula, OverPolicy, PerPoint, Rule, RuleKind
from jixiao.core.money import CENT, HUNDRED
from jixiao.core.targets import Comparator

if TYPE_CHECKING:
    from jixiao.core.framework import QualBand

__all__ = [
    "cap",
    "directed",
    "higher_is_better",
    "over_ratio",
    "qualitative_range",
    "quantitative",
    "rule_points",
]

ZERO = Decimal(0)
# Read for every row: a module constant is a plain global read, an enum member read
# through its class goes through the enum metaclass.
_INVERSE = LeFormula.INVERSE
_PROPORTIONAL = RuleKind.PROPORTIONAL
_DEDUCT_OVER = RuleKind.DEDUCT_OVER


def cap(points: Decimal, weight: Decimal) -> Decimal:
    """Clamp to [0, W]."""
    if points > weight:
        return weight
    return points if points > ZERO else ZERO


def higher_is_better(comparator: Comparator, target: Decimal) -> bool:
    """≥, > and = (except "=0", which vendors score like "≤0") reward a larger actual."""
    if comparator is Comparator.EQ:
        return target != ZERO
    return comparator in (Comparator.GE, Comparator.GT)


def quantitative(
    comparator: Comparator,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    le_formula: LeFormula,
) -> Decimal:
    """Points of a quantitative indicator before any over-achievement policy.

    ≥ (and >, and = with A ≠ 0): full when B ≥ A, else B ÷ A × W (RULES.md §1.5).
    ≤ (and <, and = with A = 0): full when B ≤ A; otherwise by the framework's practice:
    `inverse` A ÷ B × W, or `linear_to_double` (1 − (B − A) ÷ A) × W reaching 0 at B = 2A.
    A target of 0 or below cannot be a ratio base: the indicator is then met or not (W or 0).
    """
    return directed(higher_is_better(comparator, target), target, actual, weight, le_formula)


def directed(
    up: bool, target: Decimal, actual: Decimal, weight: Decimal, le_formula: LeFormula
) -> Decimal:
    """`quantitative` once the direction is known (the engine computes it once per row)."""
    if up:
        if actual >= target:
            return weight
        if target <= ZERO:
            return ZERO
        return cap(actual / target * weight, weight)
    if actual <= target:
        return weight
    if target <= ZERO:
        return ZERO
    if le_formula is _INVERSE:
        return cap(target / actual * weight, weight)
    return cap((2 * target - actual) / target * weight, weight)


def over_ratio(comparator: Comparator, target: Decimal, actual: Decimal) -> Decimal | None:
    """B ÷ A in % for an over-achieved "≥" indicator with a positive target, else None."""
    if higher_is_better(comparator, target) and target > ZERO and actual > target:
        return actual / target * HUNDRED
    return None


def over_achievement_loss(
    policy: OverPolicy, ratio: Decimal, threshold: Decimal, weight: Decimal
) -> Decimal:
    """Points lost for over-achievement: none under `full`; under `deduct`, W × (ratio − threshold) %."""
    if policy is OverPolicy.FULL or ratio <= threshold:
        return ZERO
    return cap((ratio - threshold) / HUNDRED * weight, weight)


def qualitative_range(band: QualBand, weight: Decimal) -> tuple[Decimal, Decimal]:
    """Lowest and highest score a band allows, at the forms' precision of 0.01 point.

    A band whose upper limit is exclusive (60% to <80%) tops out one cent below it; one
    whose lower limit is exclusive (>50% to 80%, the `upper` edge reading) starts one
    cent above it.
    """
    low = band.low * weight / HUNDRED
    high = band.high * weight / HUNDRED
    if not band.high_inclusive and high > low:
        high -= CENT
    if not band.low_inclusive and high > low:
        low += CENT
    return low, high


def rule_points(
    rule: Rule, value: Decimal, weight: Decimal, per_point: PerPoint = PerPoint.CONTINUOUS
) -> Decimal:
    """Points for a computed rate (%) under a framework rule; +∞ is handled by the comparisons.

    `per_point` reads "每超过1个百分点扣X分": `continuous` deducts for every fraction of a
    point over the limit, `whole` only for each full point (1.9 points over deducts once).
    """
    if rule.kind is _PROPORTIONAL:
        if value.is_infinite():
            return weight if value > ZERO else ZERO
        return cap(value / HUNDRED * weight, weight)
    if rule.kind is _DEDUCT_OVER:
        over = value - rule.limit
        if over <= ZERO:
            return weight
        if over.is_infinite():
            return ZERO
        if per_point is PerPoint.WHOLE:
            over = over.to_integral_value(rounding=ROUND_FLOOR)
        return cap(weight - over * rule.per_point, weight)
    if rule.kind is RuleKind.TIERS_MIN:
        return next((cap(t.points, weight) for t in rule.tiers if value >= t.bound), ZERO)
    return next((cap(t.points, weight) for t in rule.tiers if value <= t.bound), ZERO)
