"""Scoring one of the unit's own indicators (RULES.md §1.5–1.6, §1.8).

The hot path of the engine: a met quantitative indicator costs a few Decimal comparisons
and one row; texts, formulas and problems are built only when points are lost or
something is wrong. Which formula applies (≤ practice, over-achievement policy, bands) is
the framework's choice.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from jixiao.core.codes import lookup
from jixiao.core.framework import LeFormula, OverPolicy, QualDefault
from jixiao.core.money import CENT, HUNDRED, fmt_number, quantize2
from jixiao.core.problems import make_text
from jixiao.core.scoring.points import cap, directed, over_achievement_loss, qualitative_range
from jixiao.core.scoring.result import ScoreRow, shown
from jixiao.core.targets import Comparator

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jixiao.core.model import Indicator, Target
    from jixiao.core.scoring.tally import Tally

__all__ = ["score_group", "score_indicator"]

ZERO = Decimal(0)
_new = tuple.__new__  # a ScoreRow from all its fields, as in Tally.add
_UP = (Comparator.GE, Comparator.GT)
_EQ = Comparator.EQ
_QUALITATIVE = Comparator.QUALITATIVE
_DEDUCT = OverPolicy.DEDUCT
_TOP = QualDefault.TOP
_BRACKETS = tuple(f"[{i}]" for i in range(100))
"""An indicator's index as its path shows it: formatting the int costs more than the lookup."""


def score_indicator(
    run: Tally,
    level: str,
    ind: Indicator,
    path: str,
    scale: tuple[Decimal, Decimal] | None = None,
) -> None:
    """Score one indicator into the tally: a row, and a deduction and problems if due.

    `scale` (points to spread, weights they go to) stretches or shrinks the unit's weight
    when the framework spreads a level's points over the indicators (`weights_mismatch:
    rescale`, `missing_actual: rescale`), so every lost point still shows in a row; the
    weight is multiplied before dividing, so 30 × 50 ÷ 30 is exactly 50. The tests are ordered for the common case (a
    quantitative indicator with a number) and compare by identity where they can: this
    runs for every indicator of a province.
    """
    # Fields read through the instance dict: pydantic's __getattr__ hook doubles each read.
    fields: dict[str, Any] = ind.__dict__
    weight: Decimal | None = fields["weight"]
    if weight is None or weight < ZERO:
        run.problem("scoring.missing-weight", f"{path}.weight", name=ind.name)
        run.add(
            level, ind.level2, ind.name, ZERO, ZERO, path, source=ind, reason=ind.deviation_reason
        )
        return
    if scale is not None:
        weight = weight * scale[0] / scale[1]  # exact: rounded only where shown
    target: Target | None = fields["target"]
    actual = fields["actual"]
    if target is None:
        score = _missing(run, "scoring.missing-target", level, ind, path, weight)
    else:
        target_fields = target.__dict__
        value: Decimal | None = target_fields["value"]
        comparator: Comparator = target_fields["comparator"]
        if value is None and comparator is not _QUALITATIVE:
            score = _missing(run, "scoring.missing-target", level, ind, path, weight)
        elif isinstance(actual, Decimal) and comparator is not _QUALITATIVE:
            assert value is not None
            up = comparator in _UP or (comparator is _EQ and value != ZERO)
            read = (comparator, value, up)
            score = _quantitative(run, level, (ind, path, fields), weight, actual, read)
        elif actual is None or actual == "":
            score = _missing(run, "scoring.missing-actual", level, ind, path, weight)
        elif comparator is _QUALITATIVE:
            score = _qualitative(run, level, ind, path, weight)
        else:
            score = _missing(run, "scoring.actual-not-number", level, ind, path, weight)
    if score < weight and not fields["deviation_reason"].strip():
        _no_reason(run, fields, path, weight - score)


def _no_reason(run: Tally, fields: dict[str, Any], path: str, lost: Decimal) -> None:
    """Points lost without a stated reason (`fields` are the indicator's)."""
    # Tally.problem's record, its parameters given as the dict it would build.
    values = {"subject": run.subject, "name": fields["name"], "lost": fmt_number(lost)}
    run.problems.append(make_text("scoring.no-reason", f"{path}.deviation_reason", values))


def score_group(
    run: Tally, level: str, members: Sequence[tuple[int, Indicator]], base: str
) -> None:
    """`score_indicator` for each (index, indicator) of a group, weights as given.

    Same rows, deductions and problems as calling `score_indicator` for each member (the
    hypothesis test in tests/scoring/test_fast_path.py holds them equal); a quantitative
    indicator that is met, not over-achieved beyond the framework's threshold and whose
    stated score (if any) agrees is recorded here in one step, as most indicators of a
    province are, with its fields read once. A missed quantitative indicator and a graded
    qualitative one go straight to `_quantitative` and `_qualitative`, as `score_indicator`
    would send them; everything else goes through `score_indicator`.
    """
    limit = run.fw.over_limit
    append = run.rows.append
    for index, ind in members:
        path = base + _BRACKETS[index] if index < 100 else f"{base}[{index}]"
        # One attribute read instead of seven: a pydantic model defines __getattr__, which
        # makes every field read several times slower than a dict lookup.
        fields: dict[str, Any] = ind.__dict__
        weight: Decimal | None = fields["weight"]
        target: Target | None = fields["target"]
        actual = fields["actual"]
        if (
            weight is not None
            and weight >= ZERO
            and target is not None
            and isinstance(actual, Decimal)
            and (value := (target_fields := target.__dict__)["value"]) is not None
            and (comparator := target_fields["comparator"]) is not _QUALITATIVE
        ):
            if up := comparator in _UP or (comparator is _EQ and value != ZERO):
                # Met unless over-achieved: B ÷ A × 100 > threshold, read as B ÷ A > threshold
                # ÷ 100 (the same test: B ÷ A has at most 28 digits, so × 100 is exact).
                if actual > value:
                    met = not (value > ZERO and actual / value > limit)
                else:
                    met = actual == value
            else:
                met = actual <= value
            stated: Decimal | None = fields["stated_score"]
            if met and (stated is None or abs(stated - weight) <= CENT):
                # Tally.add for a full score (never rounded), in its order of additions.
                run.exact_sum += weight
                row = (
                    level,
                    fields["level2"],
                    fields["name"],
                    weight,
                    weight,
                    weight - weight,
                    fields["deviation_reason"],
                    path,
                    None,
                    ind,
                )
                append(_new(ScoreRow, row))
                run.weight_sum += weight
                run.score_sum += weight
                continue
            # Missed, over-achieved or stated otherwise: what score_indicator does for a
            # quantitative indicator with a number, its fields already read.
            read = (comparator, value, up)
            score = _quantitative(run, level, (ind, path, fields), weight, actual, read)
            if score < weight and not fields["deviation_reason"].strip():
                _no_reason(run, fields, path, weight - score)
            continue
        if (
            weight is not None
            and weight >= ZERO
            and target is not None
            and target.__dict__["comparator"] is _QUALITATIVE
            and actual is not None
            and actual != ""
        ):
            # A graded qualitative indicator: what score_indicator does for it.
            score = _qualitative(run, level, ind, path, weight)
            if score < weight and not fields["deviation_reason"].strip():
                _no_reason(run, fields, path, weight - score)
            continue
        score_indicator(run, level, ind, path)


def _missing(
    run: Tally, code: str, level: str, ind: Indicator, path: str, weight: Decimal
) -> Decimal:
    where = "target" if code == "scoring.missing-target" else "actual"
    run.problem(code, f"{path}.{where}", name=ind.name, lost=fmt_number(weight))
    run.add(
        level, ind.level2, ind.name, weight, ZERO, path, source=ind, reason=ind.deviation_reason
    )
    if weight > ZERO:
        run.deduct(lookup(code).title, run.fw.basis.reference, "0")
    return ZERO


def _quantitative(
    run: Tally,
    level: str,
    where: tuple[Indicator, str, dict[str, Any]],
    weight: Decimal,
    actual: Decimal,
    target_read: tuple[Comparator, Decimal, bool],
) -> Decimal:
    """A quantitative indicator with a number.

    `where` is (indicator, path, its fields as read), `target_read` (comparator, value,
    whether a larger actual is better), as the caller has read and tested them already.
    """
    fw = run.fw
    ind, path, fields = where
    comparator, target, up = target_read
    points = directed(up, target, actual, weight, fw.le_formula)
    key = ""
    formula: str | Callable[[], str] = ""
    if up and target > ZERO and actual > target:
        ratio = actual / target * HUNDRED
        if ratio > fw.over_threshold:
            points, key, formula = _over(run, ind, path, weight, points, actual, ratio)
    name = fields["name"]
    score = run.add(
        level, fields["level2"], name, weight, points, path, None, ind, fields["deviation_reason"]
    )
    if score < weight:
        if not key:
            key = (
                "quantitative.eq" if comparator is _EQ else ("quantitative.ge" if up else fw.le_key)
            )
            formula = partial(_formula, up, target, actual, weight, fw.le_formula)
        standard, reference = fw.cited[key]  # fw.standard(key), fw.reference(key)
        run.deduct(standard, reference, formula)
    stated: Decimal | None = fields["stated_score"]
    if stated is not None and abs(stated - score) > CENT:
        run.problem(
            "scoring.indicator-score-differs",
            f"{path}.stated_score",
            name=name,
            stated=fmt_number(stated),
            computed=fmt_number(score),
        )
    return score


def _over(
    run: Tally,
    ind: Indicator,
    path: str,
    weight: Decimal,
    points: Decimal,
    actual: Decimal,
    ratio: Decimal,
) -> tuple[Decimal, str, str]:
    """Over-achievement: warn, or deduct beyond the threshold when the framework says so."""
    fw = run.fw
    assert ind.target is not None
    assert ind.target.value is not None
    params = {
        "name": ind.name,
        "ratio": fmt_number(quantize2(ratio)),
        "threshold": fmt_number(fw.over_threshold),
    }
    if fw.over_policy is _DEDUCT:
        loss = over_achievement_loss(fw.over_policy, ratio, fw.over_threshold, weight)
        lost = fmt_number(quantize2(loss))
        run.problem("scoring.over-achievement-deduction", f"{path}.actual", lost=lost, **params)
        formula = f"{fmt_number(actual)}÷{fmt_number(ind.target.value)}={params['ratio']}%>{params['threshold']}%，−{lost}"
        return cap(points - loss, weight), "over_achievement.policy", formula
    params["subject"] = run.subject  # Tally.problem's record, without the keyword call
    params["value"] = shown(actual, ind.unit)
    params["target"] = ind.target.display(ind.unit)
    run.problems.append(make_text("scoring.over-achievement", f"{path}.actual", params))
    return points, "", ""


def _formula(up: bool, target: Decimal, actual: Decimal, weight: Decimal, le: LeFormula) -> str:
    """The arithmetic shown in a deduction ("180000÷200000×15")."""
    a, b, w = fmt_number(target), fmt_number(actual), fmt_number(weight)
    if up:
        return f"{b}÷{a}×{w}" if target > ZERO else f"{b}<{a}→0"
    if target <= ZERO:
        return f"{b}>{a}→0"
    if le is LeFormula.INVERSE:
        return f"{a}÷{b}×{w}"
    return f"(1−({b}−{a})÷{a})×{w}"


def _band_formula(grade: str, low: Decimal, high: Decimal, score: Decimal) -> str:
    return f"“{grade}” {fmt_number(low)}–{fmt_number(high)} → {fmt_number(score)}"


def _qualitative(run: Tally, level: str, ind: Indicator, path: str, weight: Decimal) -> Decimal:
    fw = run.fw
    actual = shown(ind.__dict__["actual"])
    band = fw.grade_of.get(actual)
    if band is None:
        grades = "、".join(b.grade for b in fw.qual_bands)
        code = "scoring.qualitative-unknown-grade"
        run.problem(code, f"{path}.actual", name=ind.name, value=actual, grades=grades)
        run.add(
            level, ind.level2, ind.name, weight, ZERO, path, source=ind, reason=ind.deviation_reason
        )
        if weight > ZERO:
            run.deduct(lookup(code).title, fw.reference("qualitative"), "0")
        return ZERO
    low, high = qualitative_range(band, weight)
    fields: dict[str, Any] = ind.__dict__
    stated: Decimal | None = fields["stated_score"]
    if stated is None:
        top = fw.qual_default is _TOP
        points = high if top else low
        run.problem(
            "scoring.qualitative-default",
            f"{path}.stated_score",
            name=ind.name,
            grade=band.grade,
            rule="上限" if top else "下限",
            used=fmt_number(points),
        )
    elif low <= stated <= high:
        points = stated
    else:
        points = high if stated > high else low
        run.problem(
            "scoring.qualitative-out-of-band",
            f"{path}.stated_score",
            name=ind.name,
            grade=band.grade,
            low=fmt_number(low),
            high=fmt_number(high),
            stated=fmt_number(stated),
            used=fmt_number(points),
        )
    score = run.add(
        level,
        fields["level2"],
        fields["name"],
        weight,
        cap(points, weight),
        path,
        None,
        ind,
        fields["deviation_reason"],
    )
    if score < weight:
        explain = partial(_band_formula, band.grade, low, high, score)
        standard, reference = fw.cited["qualitative"]
        run.deduct(standard, reference, explain)
    return score
