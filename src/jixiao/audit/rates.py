"""Rate checks: a stated percentage against the numerator and denominator given for it.

A rate is only judged when its operands can be found by an explicit rule — "A X万元，占
B的p%" (B looked up by label), 执行率/到位率/完成率 (executed or received amounts over
budgeted ones in the same part of the report), or "<事项>率" with "<事项> N件" and the
count just before it. If any candidate pair reproduces the rate it holds: guessing the
wrong operands must not produce an alarm. A completion rate with no budget figure
anywhere in the report cannot be checked at all, and is reported as such.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from jixiao.audit.context import show
from jixiao.audit.labels import label_key, same_quantity
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context
    from jixiao.audit.figures import Fig

__all__ = ["check_rates", "rate_holds"]

_SHARE = re.compile(r"占([^，。；,;:：%]{1,15}?)(?:的)?(?:比[重例])?(?:为|达)?$")
_OF_BUDGET = re.compile(r"完成(?:年度|全年)?预算(?:的)?$")
_BUDGET_RATE = re.compile(r"执行率|完成率|到位率|支付率|使用率")
_NUMERATOR = {"到位率": re.compile(r"到位|拨付"), "": re.compile(r"执行|支出|使用|完成|支付")}
_DENOMINATOR = re.compile(r"预算|下达|安排|投入|批复|计划|到位")
_WINDOW = 1500


def rate_holds(stated: Decimal, numerator: Decimal, denominator: Decimal) -> bool:
    """The computed rate, rounded (or truncated) at the stated precision, equals it."""
    if denominator == 0:
        return False
    try:
        computed = numerator * 100 / denominator
        exponent = stated.as_tuple().exponent
        quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
        return stated in {
            computed.quantize(quantum, rounding=ROUND_HALF_UP),
            computed.quantize(quantum, rounding=ROUND_DOWN),
        }
    except InvalidOperation:
        return False


def _finding(ctx: Context, rate: Fig, num: Fig, den: Fig) -> Problem:
    computed = (num.value * 100 / den.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return make(
        "audit.rate-mismatch",
        ctx.fig_location(rate),
        figures=[ctx.figure(rate), ctx.figure(num), ctx.figure(den)],
        expected=computed,
        actual=rate.value,
        related=[ctx.fig_location(num), ctx.fig_location(den)],
        label=rate.label or "比率",
        stated=show(rate.value),
        numerator=show(num.value),
        denominator=show(den.value),
        computed=show(computed),
    )


def _judge(ctx: Context, rate: Fig, pairs: list[tuple[Fig, Fig]]) -> list[Problem]:
    pairs = [(n, d) for n, d in pairs if n.start != d.start and d.value != 0]
    if not pairs or any(rate_holds(rate.value, n.value, d.value) for n, d in pairs):
        return []
    return [_finding(ctx, rate, *pairs[0])]


def _before(ctx: Context, rate: Fig) -> list[Fig]:
    return [f for f in ctx.figs if f.kind == "money" and 0 < rate.start - f.start < _WINDOW]


def _share(ctx: Context, rate: Fig, raw: str) -> list[Problem] | None:
    match = _SHARE.search(raw) or _OF_BUDGET.search(raw)
    if not match:
        return None
    same = [f for f in ctx.figs if f.sentence == rate.sentence and f.end <= rate.start
            and f.kind in {"money", "count"} and not f.change]  # fmt: skip
    if not same:
        return []
    num = same[-1]
    if match.re is _OF_BUDGET:
        dens = [f for f in _before(ctx, rate) if "预算" in f.label and f.start != num.start]
    else:
        key = label_key(match.group(1))
        dens = [f for f in ctx.figs if f.kind == num.kind and f.start != num.start
                and (label_key(f.label) == key or same_quantity(label_key(f.label), key))]  # fmt: skip
    return _judge(ctx, rate, [(num, d) for d in dens])


def _budget_rate(ctx: Context, rate: Fig) -> list[Problem]:
    numerator = _NUMERATOR["到位率" if "到位率" in rate.label else ""]
    near = [f for f in ctx.figs if f.kind == "money" and -300 < rate.start - f.start < _WINDOW]
    nums = [f for f in near if numerator.search(f.label) and f.start < rate.start]
    dens = [f for f in near if _DENOMINATOR.search(f.label) and not numerator.search(f.label)]
    if not any(_DENOMINATOR.search(f.label) for f in ctx.figs if f.kind == "money"):
        return [
            make(
                "audit.rate-unsupported",
                ctx.fig_location(rate),
                figures=[ctx.figure(rate)],
                label=rate.label,
                stated=show(rate.value),
                missing="预算数等可据以计算的金额",
            )
        ]
    return _judge(ctx, rate, [(n, d) for n in nums for d in dens])


def _event_rate(ctx: Context, rate: Fig) -> list[Problem]:
    stem = label_key(rate.label).removesuffix("率")
    if len(stem) < 2:
        return []
    para = [
        f
        for f in ctx.figs
        if f.paragraph == rate.paragraph and f.end <= rate.start and f.kind == "count"
    ]
    for index in range(len(para) - 1, -1, -1):
        num = para[index]
        if not label_key(num.label).endswith(stem):
            continue
        dens = [f for f in para[:index] if f.unit == num.unit]
        if dens and dens[-1].value >= num.value:
            return _judge(ctx, rate, [(num, dens[-1])])
        return []
    return []


def check_rates(ctx: Context) -> list[Problem]:
    """Rate findings for every percentage whose operands can be identified."""
    problems: list[Problem] = []
    for rate in ctx.figs:
        if rate.kind != "percent" or rate.unit != "%" or rate.approx:
            continue
        raw = ctx.doc.norm[max(0, rate.start - 20) : rate.start]
        raw = re.split(r"[，。；,;\n]", raw)[-1]
        shared = _share(ctx, rate, raw)
        if shared is not None:
            problems += shared
        elif _BUDGET_RATE.search(rate.label):
            problems += _budget_rate(ctx, rate)
        elif rate.label.endswith("率"):
            problems += _event_rate(ctx, rate)
    return problems
