"""Sum checks: a stated total against the parts the report gives for it.

Severity follows how firmly the report claims the parts are complete (see `claims`):
parts above the total are always an error; a shortfall is an error for an explicit or
implied complete breakdown, a warning for "包括", and an incomplete-list note for
itemised sections. Tolerance is 0.01 in the total's unit (FORMAT.md), because published
figures are rounded to two decimals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from jixiao.audit.context import show
from jixiao.core.money import DEFAULT_TOLERANCE, UNIT_FACTORS, written_tolerance
from jixiao.core.problems import Figure, Problem, make

if TYPE_CHECKING:
    from jixiao.audit.claims import Breakdown
    from jixiao.audit.context import Context

__all__ = ["check_sums"]


def _parts_text(item: Breakdown) -> str:
    signs = item.signs or [1] * len(item.parts)
    pieces = []
    for part, sign in zip(item.parts, signs, strict=True):
        label = part.label or "未标注项"
        pieces.append(f"{'减' if sign < 0 else ''}{label} {show(part.value)}")
    return "、".join(pieces)


def _problem(ctx: Context, item: Breakdown, code: str, **extra: object) -> Problem:
    total, parts_sum = item.total, item.parts_sum()
    figures = [ctx.figure(total, label=f"合计：{total.label or '合计'}")]
    signs = item.signs or [1] * len(item.parts)
    figures += [ctx.figure(p, value=p.value * s) for p, s in zip(item.parts, signs, strict=True)]
    figures.append(Figure("分项合计", parts_sum, total.unit))
    params: dict[str, object] = {
        "total_label": total.label or "合计",
        "total": show(total.value),
        "parts": _parts_text(item),
        "parts_sum": show(parts_sum),
        "unit": total.unit,
        "gap": show(abs(parts_sum - total.value)),
    }
    params.update(extra)
    start = min([total.quote_span[0]] + [p.quote_span[0] for p in item.parts])
    end = max([total.end] + [p.end for p in item.parts])
    if end - start > 400:  # far apart: point at the total, relate the parts
        start, end = total.quote_span
    return make(
        code,
        ctx.location(start, end),
        figures=figures,
        expected=total.value,
        actual=parts_sum,
        related=[ctx.fig_location(p) for p in item.parts],
        **cast("dict[str, Any]", params),
    )


def tolerance(item: Breakdown) -> Decimal:
    """The one tolerance (core.money.written_tolerance) of the coarsest figure, in 万元.

    Amounts are compared in 万元, but each is only as exact as it was written: a report that
    writes 元 states them to the 元 (0.01 元 is then the rounding, not 0.01 万元), and a total
    written "1.2亿元" covers ±0.05 亿元. Counts are exact.
    """
    if item.total.kind != "money":
        return DEFAULT_TOLERANCE
    written = [
        written_tolerance(f.places, UNIT_FACTORS[f.raw_unit])
        for f in (item.total, *item.parts)
        if f.raw_unit in UNIT_FACTORS
    ]
    return max(written) if written else DEFAULT_TOLERANCE


def _classify(item: Breakdown) -> tuple[str, dict[str, object]] | None:
    """Which code a breakdown earns, if any."""
    diff = item.parts_sum() - item.total.value
    tol = tolerance(item)
    if item.missing and diff < -tol:
        return "audit.breakdown-incomplete", {"detail": "另有未列金额的分项，无法核对是否等于合计"}
    if abs(diff) <= tol:
        return None
    if diff > 0 or item.exhaustive:
        return "audit.sum-mismatch", {}
    if item.how == "inline":
        return "audit.sum-shortfall", {}
    detail = (
        f"仅占合计的 {show((item.parts_sum() * 100 / item.total.value).quantize(Decimal('0.1')))}%"
    )
    return "audit.breakdown-incomplete", {"detail": detail}


def check_sums(ctx: Context) -> list[Problem]:
    """One finding per distinct (total, parts) disagreement."""
    problems: list[Problem] = []
    seen: set[tuple[Decimal, tuple[int, ...]]] = set()
    for item in ctx.breakdowns:
        if item.total.value == 0 and item.how not in {"table", "balance"}:
            continue
        verdict = _classify(item)
        if verdict is None:
            continue
        code, extra = verdict
        key = (item.total.value, tuple(sorted(p.start for p in item.parts)))
        if key in seen:
            continue
        seen.add(key)
        problems.append(_problem(ctx, item, code, **extra))
    return problems
