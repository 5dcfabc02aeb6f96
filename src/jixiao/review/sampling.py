"""Risk-based spot-check (抽查复核) selection: which submissions the bureau re-evaluates.

Each row gets a risk score from weighted factors (rules/review/*.yaml, each with its
reference), with a Chinese reason per factor. Rows at or above the must-check line are
always taken; the rest of the quota goes to the highest risks. Ties are broken by a hash
of a seed and the row id, so a draw is reproducible from its published seed, does not
depend on the order rows arrive in, and cannot be predicted before the seed is chosen.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from jixiao.core.model import Grade
from jixiao.core.money import fmt_money, fmt_number, quantize2, rate_agrees
from jixiao.review.grades import grade_of

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from jixiao.core.evaluation import Summary
    from jixiao.core.review_rules import Factor, ReviewRules

__all__ = ["RiskAssessment", "Selected", "risk", "sample_size", "select_sample"]

Finding = tuple[Decimal, str]
"""Points a factor adds and the Chinese reason."""


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """A row's risk points and one reason per factor that added points."""

    score: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Selected:
    """A row picked for re-evaluation, its rank in the sample and why it was picked."""

    row: Summary
    rank: int
    risk: RiskAssessment
    must_check: bool
    why: str

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it was picked, then the risk factors behind that."""
        return (self.why, *self.risk.reasons)


def _points(factor: Factor, excess: Decimal) -> Decimal:
    points = factor.weight * excess
    return points if factor.cap is None else min(points, factor.cap)


def _score_gap(row: Summary, f: Factor) -> Finding | None:
    if row.stated_score is None or row.score is None:
        return None
    gap = row.stated_score - row.score
    # The stated score agrees when it is the computed one rounded to the places it was
    # written with: the scoring check's rule (core.money.rate_agrees), no other tolerance.
    if gap <= f.threshold or rate_agrees(row.stated_score, row.score):
        return None
    return _points(f, gap - f.threshold), (
        f"自评得分{fmt_money(row.stated_score)}分，复核计算得分{fmt_money(row.score)}分，"
        f"相差{fmt_money(gap)}分"
    )


def _stated_excellent(row: Summary, f: Factor) -> Finding | None:
    if grade_of(row.stated_grade) is not Grade.EXCELLENT:
        return None
    if row.score is None or row.score >= f.threshold:
        return None
    reason = (
        f"自评等级为“优”，但复核计算得分{fmt_money(row.score)}分，低于{fmt_number(f.threshold)}分"
    )
    return f.weight, reason


def _low_execution(row: Summary, f: Factor) -> Finding | None:
    rate = row.execution_rate
    if rate is None or rate >= f.threshold:
        return None
    reason = f"预算执行率{fmt_money(rate)}%，低于{fmt_number(f.threshold)}%"
    return _points(f, f.threshold - rate), reason


def _errors(row: Summary, f: Factor) -> Finding | None:
    if row.errors <= f.threshold:
        return None
    return _points(f, row.errors - f.threshold), f"自动检查发现错误{row.errors}项"


def _warnings(row: Summary, f: Factor) -> Finding | None:
    if row.warnings <= f.threshold:
        return None
    return _points(f, row.warnings - f.threshold), f"自动检查发现警告{row.warnings}项"


def _large_expenditure(row: Summary, f: Factor) -> Finding | None:
    spent = row.total_expenditure
    if spent is None or spent < f.threshold:
        return None
    reason = f"本年总支出{fmt_money(spent)}万元，不低于{fmt_number(f.threshold)}万元"
    return f.weight, reason


def _classified(row: Summary, f: Factor) -> Finding | None:
    count = row.classified_projects
    if count is None or count <= f.threshold:
        return None
    return _points(f, count - f.threshold), f"含涉密项目{count}个，不在公开稿中，公众无法监督"


_MEASURES: dict[str, Callable[[Summary, Factor], Finding | None]] = {
    "score_gap": _score_gap,
    "stated_excellent": _stated_excellent,
    "low_execution": _low_execution,
    "errors": _errors,
    "warnings": _warnings,
    "large_expenditure": _large_expenditure,
    "classified_projects": _classified,
}


def risk(
    row: Summary, rules: ReviewRules, prior: Mapping[str, Finding] | None = None
) -> RiskAssessment:
    """Risk points of one row (two decimals) with a reason for every factor that counted.

    A factor whose figure is missing adds nothing: missing data is already an error or
    warning of the automatic checks, which the `errors`/`warnings` factors count.
    `prior` adds points by unit name from earlier findings (last year's re-review gap,
    `calibration.prior_risk`; a submission without approved targets).
    """
    found = [
        finding
        for name, factor in rules.sampling.factors.items()
        if (finding := _MEASURES[name](row, factor)) is not None and finding[0] > 0
    ]
    extra = (prior or {}).get(row.unit_name)
    if extra is not None and extra[0] > 0:
        found.append(extra)
    total = quantize2(sum((points for points, _ in found), Decimal(0)))
    return RiskAssessment(
        total, tuple(f"{reason}（+{fmt_number(points)}点）" for points, reason in found)
    )


def sample_size(count: int, share: Decimal, minimum: int) -> int:
    """Rows to draw from `count`: share × count rounded up, at least `minimum`, at most all.

    Raises:
        ValueError: share outside 0–1 or a negative minimum.
    """
    if not Decimal(0) <= share <= 1 or minimum < 0:
        raise ValueError(f"抽查比例应在0至1之间、最少户数不能为负，实际为{share}、{minimum}")
    drawn = int((share * count).to_integral_value(rounding=ROUND_CEILING))
    return min(count, max(minimum, drawn))


def _tie(seed: int | str | None, row: Summary) -> tuple[str, int]:
    key = row.id or 0
    if seed is None:
        return "", key
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest(), key


def select_sample(
    rows: Iterable[Summary],
    rules: ReviewRules,
    *,
    share: Decimal | None = None,
    minimum: int | None = None,
    seed: int | str | None = None,
    prior: Mapping[str, Finding] | None = None,
) -> list[Selected]:
    """The spot-check sample, highest risk first; must-check rows always included.

    `share` and `minimum` default to the rules file. Among equal risks the order is the
    SHA-256 of "seed:id" (ids ascending when `seed` is None), so publishing the seed lets
    anyone re-run the draw. `prior` adds points by unit name (see `risk`).

    Raises:
        ValueError: duplicate row ids, or share/minimum out of range.
    """
    listed = list(rows)
    if len({row.id for row in listed}) != len(listed):
        raise ValueError("抽查名单中有重复的填报编号")
    settings = rules.sampling
    quota = sample_size(
        len(listed),
        settings.share if share is None else share,
        settings.minimum if minimum is None else minimum,
    )
    assessed = sorted(
        ((row, risk(row, rules, prior)) for row in listed),
        key=lambda pair: (-pair[1].score, _tie(seed, pair[0])),
    )
    line = settings.must_check
    must = sum(1 for _, assessment in assessed if assessment.score >= line)
    picked = assessed[: max(quota, must)]
    return [
        Selected(row, rank, assessment, assessment.score >= line, _why(assessment, line, seed))
        for rank, (row, assessment) in enumerate(picked, start=1)
    ]


def _why(assessment: RiskAssessment, line: Decimal, seed: int | str | None) -> str:
    score = fmt_money(assessment.score)
    if assessment.score >= line:
        return f"风险合计{score}点，达到必查线{fmt_number(line)}点，必须复核"
    if assessment.score > 0:
        return f"风险合计{score}点，按风险从高到低补足抽查名额"
    order = "按编号顺序" if seed is None else f"按抽样种子“{seed}”随机"
    return f"未发现风险因素，{order}补足抽查名额"
