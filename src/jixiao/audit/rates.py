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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from jixiao.audit.context import show
from jixiao.audit.grid import cell_fig
from jixiao.audit.labels import ROLE, label_key, same_quantity
from jixiao.audit.lettergrid import letter_rates
from jixiao.core.money import rate_agrees
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from jixiao.audit.context import Context
    from jixiao.audit.figures import Fig

__all__ = ["check_rates", "rate_holds"]

_SHARE = re.compile(r"占([^，。；,;:：%]{1,15}?)(?:的)?(?:比[重例])?(?:为|达)?$")
_OF_BUDGET = re.compile(r"完成(?:年度|全年)?预算(?:的)?$")
_BUDGET_RATE = re.compile(r"执行率|完成率|到位率|支付率|支出率|使用率")
_NUMERATOR = {"到位率": re.compile(r"到位|拨付"), "": re.compile(r"执行|支出|使用|完成|支付")}
_DENOMINATOR = re.compile(r"预算|下达|安排|投入|批复|计划|到位")
_ROLE = ROLE  # an amount named by a role word is not a budget unless it also says so
_WINDOW = 1500


def rate_holds(stated: Decimal, numerator: Decimal, denominator: Decimal, places: int) -> bool:
    """The computed rate rounds half-up to the stated one at the places it was written with.

    Delegates to `core.money.rate_agrees`, the project's one rule, so the auditor and the
    checks never disagree about whether 96.19 states as 96.1 (it does not).
    """
    if denominator == 0:
        return False
    try:
        computed = numerator * 100 / denominator
    except InvalidOperation:
        return False
    return rate_agrees(stated, computed, places=places)


def _finding(ctx: Context, rate: Fig, num: Fig, den: Fig, label: str | None = None) -> Problem:
    computed = (num.value * 100 / den.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return make(
        "audit.rate-mismatch",
        ctx.fig_location(rate),
        figures=[ctx.figure(rate), ctx.figure(num), ctx.figure(den)],
        expected=computed,
        actual=rate.value,
        related=[ctx.fig_location(num), ctx.fig_location(den)],
        label=label or rate.label or "比率",
        stated=show(rate.value),
        numerator=show(num.value),
        denominator=show(den.value),
        computed=show(computed),
    )


def _judge(
    ctx: Context,
    rate: Fig,
    pairs: list[tuple[Fig, Fig]],
    label: str | None = None,
    *,
    stated: bool = False,
) -> list[Problem]:
    """A finding unless some candidate pair reproduces the rate.

    Candidates guessed from the neighbourhood must have a part no larger than its whole
    for a rate of at most 100 %; a pair the text states outright (`stated`: the rate's own
    clause names both) is judged as it is, so spending above the budget under "执行率100%"
    is a finding.
    """
    pairs = [(n, d) for n, d in pairs if n.start != d.start and d.value != 0]
    if rate.value <= 100 and not stated:
        pairs = [(n, d) for n, d in pairs if n.value <= d.value]
    if not pairs or any(rate_holds(rate.value, n.value, d.value, rate.places) for n, d in pairs):
        return []
    return [_finding(ctx, rate, *pairs[0], label=label)]


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


def _clause_pair(ctx: Context, rate: Fig, numerator: re.Pattern[str]) -> tuple[Fig, Fig] | None:
    """Budget and spending stated in the rate's own clause ("预算A万元，执行B万元，执行率p%").

    A clause (between ；/。 marks) that states exactly two amounts before its rate gives
    the rate's operands outright; looking further afield would pick a neighbouring row's.
    """
    norm = ctx.doc.norm
    para = ctx.doc.paragraph_at(rate.start)
    begin = max(norm.rfind(mark, para.start, rate.start) for mark in "；;。") + 1
    begin = max(begin, para.start)
    own = [f for f in ctx.figs if begin <= f.start < rate.start and f.kind == "money"]
    if len(own) != 2:
        return None
    first, second = own
    num, den = (first, second) if numerator.search(first.label) else (second, first)
    if not numerator.search(num.label) or numerator.search(den.label):
        return None
    if _ROLE.search(den.label) and not _DENOMINATOR.search(den.label):
        return None  # "收入X，支出Y，预算收入完成率p%": neither amount is the budget
    return num, den


def _budget_rate(ctx: Context, rate: Fig) -> list[Problem]:
    numerator = _NUMERATOR["到位率" if "到位率" in rate.label else ""]
    pair = _clause_pair(ctx, rate, numerator)
    if pair is not None:
        return _judge(ctx, rate, [pair], stated=True)
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


def _action_rate(ctx: Context, rate: Fig, verb: str) -> list[Problem]:
    """A rate of what was done with the funds ("已分配资金X万元，资金分配率p%").

    The rate names its action (分配, 兑付, 发放 …): the numerator is an amount before it
    whose label names the same action, the denominator a budgeted or allocated amount
    nearby that does not. Any pair that reproduces the rate makes it hold.
    """
    near = [f for f in ctx.figs if f.kind == "money" and not f.change
            and -300 < rate.start - f.start < _WINDOW]  # fmt: skip
    nums = [f for f in near if verb in f.label and f.start < rate.start]
    dens = [f for f in near if _DENOMINATOR.search(f.label) and verb not in f.label]
    return _judge(ctx, rate, [(n, d) for n in nums for d in dens]) if nums and dens else []


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
    return _action_rate(ctx, rate, stem[-2:])  # no count names it: an action on funds


def _grid_rates(ctx: Context) -> tuple[list[Problem], set[int]]:
    """执行率 of each funding-grid row against its own 执行数 ÷ 全年预算数."""
    problems: list[Problem] = []
    judged: set[int] = set()
    for row in ctx.grid_rows:
        rate, spent, budget = (row.cells.get(c) for c in ("rate", "spent", "budget"))
        if rate is None or spent is None or budget is None or budget.value == 0:
            continue
        judged.update(range(rate.start, rate.end))
        value, places = rate.value, rate.places
        if rate.unit != "%" and value <= 1 and places >= 2:
            value, places = value * 100, places - 2  # a fraction: 0.958 is 95.8 %
        stated = cell_fig(ctx.doc, rate, f"{row.label}执行率", value, places, "%")
        num = cell_fig(ctx.doc, spent, f"{row.label}全年执行数", spent.value, spent.places, "万元")
        den = cell_fig(
            ctx.doc, budget, f"{row.label}全年预算数", budget.value, budget.places, "万元"
        )
        problems += _judge(ctx, stated, [(num, den)])
    return problems, judged


_BARE_SHARE = re.compile(r"占(?:比)?(?:为|达)?\s*$")


def _shares(ctx: Context) -> list[tuple[Fig, Fig]]:
    """(share, amount) for every "X万元，占p%" whose 占 names no denominator."""
    out: list[tuple[Fig, Fig]] = []
    last_end = 0
    money: list[Fig] = []
    for fig in ctx.figs:
        if fig.kind == "money":
            money.append(fig)
            continue
        if fig.kind != "percent" or fig.unit != "%" or fig.approx:
            continue
        lead = ctx.doc.norm[max(0, fig.start - 6) : fig.start]
        if _BARE_SHARE.search(lead) and money and money[-1].start >= last_end:
            amount = money[-1]
            if amount.sentence == fig.sentence and not amount.change:
                out.append((fig, amount))
        last_end = fig.end
    return out


def _implied_shares(ctx: Context) -> tuple[list[Problem], set[int]]:
    """Shares without a named denominator, against the total of the list they sit in.

    The total is the breakdown total of the amounts, or the amount the sentence group
    opens with; it is taken only when it reproduces at least half of the sibling shares,
    so one wrong share among right ones is found and an unrelated total never is.
    """
    by_sentence: dict[int, list[tuple[Fig, Fig]]] = {}
    for share, amount in _shares(ctx):
        by_sentence.setdefault(amount.sentence, []).append((share, amount))
    totals_of: dict[int, list[Fig]] = {}
    for item in ctx.breakdowns:
        for part in item.parts:
            totals_of.setdefault(part.start, []).append(item.total)
    problems: list[Problem] = []
    judged: set[int] = set()
    for group in by_sentence.values():
        amounts = {a.start for _, a in group}
        first = min(a.start for _, a in group)
        candidates = [t for _, a in group for t in totals_of.get(a.start, [])]
        para = ctx.doc.paragraph_at(first).index
        before = [f for f in ctx.figs if f.kind == "money" and f.paragraph == para
                  and f.start < first and f.start not in amounts and not f.change]  # fmt: skip
        if before:
            candidates.append(before[-1])
        biggest = max(a.value for _, a in group)
        best: tuple[int, Fig] | None = None
        for total in candidates:
            if total.value < biggest or total.value == 0:
                continue
            agreeing = sum(rate_holds(s.value, a.value, total.value, s.places) for s, a in group)
            if best is None or agreeing > best[0]:
                best = (agreeing, total)
        if best is None or best[0] * 2 < len(group) or best[0] == 0:
            continue
        total = best[1]
        for share, amount in group:
            judged.add(share.start)
            label = f"{amount.label or '该项'}占{total.label or '合计'}的比重"
            problems += _judge(ctx, share, [(amount, total)], label)
    return problems, judged


_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低", "节约", "压减")
_CHANGE_RATE = re.compile(r"(?:增加|增长|上升|提高|减少|下降|降低)(?:了|幅度为?|比例为?)?\s*$")
_PRIOR = re.compile(r"上年|上一年|上年度|去年")


def _change_rates(ctx: Context) -> tuple[list[Problem], set[int]]:
    """Change rates ("…与上年Y万元相比，增加Z万元，增长p%"): p against Z ÷ the earlier value.

    The earlier value is the amount of the sentence named for the year before, else the
    current amount less the change (plus it, for a fall). The change and the rate must
    follow each other directly; anything looser stays silent.
    """
    problems: list[Problem] = []
    judged: set[int] = set()
    figs = ctx.figs
    for index, rate in enumerate(figs):
        if rate.kind != "percent" or rate.unit != "%" or rate.approx or index == 0:
            continue
        lead = ctx.doc.norm[max(0, rate.start - 8) : rate.start]
        change = figs[index - 1]
        if not _CHANGE_RATE.search(lead) or change.kind != "money" or not change.change:
            continue
        if change.sentence != rate.sentence or rate.start - change.end > 12:
            continue
        raw = ctx.doc.norm[max(0, change.start - 12) : change.start]
        down = any(w in raw for w in _DOWN) and not any(w in raw[-4:] for w in _UP)
        before = [f for f in figs[: index - 1] if f.kind == "money" and not f.change
                  and f.sentence in {rate.sentence, rate.sentence - 1}]  # fmt: skip
        if not before:
            continue
        prior = [f for f in before if f.sentence == rate.sentence and _PRIOR.search(f.label)]
        if prior:
            bases = [prior[-1].value]
        else:
            current = before[-1].value
            bases = [current + change.value if down else current - change.value]
        judged.add(rate.start)
        base = bases[0]
        if base <= 0:
            continue
        if not rate_holds(rate.value, change.value, base, rate.places):
            den = prior[-1] if prior else before[-1]
            computed = (change.value * 100 / base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            problems.append(
                make(
                    "audit.rate-mismatch",
                    ctx.fig_location(rate),
                    figures=[ctx.figure(rate), ctx.figure(change), ctx.figure(den)],
                    expected=computed,
                    actual=rate.value,
                    related=[ctx.fig_location(change), ctx.fig_location(den)],
                    label=f"{'减少' if down else '增长'}比例",
                    stated=show(rate.value),
                    numerator=show(change.value),
                    denominator=show(base),
                    computed=show(computed),
                )
            )
    return problems, judged


def _letter_rates(ctx: Context) -> list[Problem]:
    """Rate cells of lettered grids against the formula their column states (D/C×100%)."""
    problems: list[Problem] = []
    for stated, num, den in letter_rates(ctx.doc, ctx.letter_rows):
        problems += _judge(ctx, stated, [(num, den)])
    return problems


def check_rates(ctx: Context) -> list[Problem]:
    """Rate findings for every percentage whose operands can be identified."""
    problems, judged = _grid_rates(ctx)
    problems += _letter_rates(ctx)
    judged.update(
        s for row in ctx.letter_rows for c in row.rates.values() for s in range(c.start, c.end)
    )
    changes, judged_changes = _change_rates(ctx)
    problems += changes
    judged |= judged_changes
    shared, judged_shares = _implied_shares(ctx)
    problems += shared
    judged |= judged_shares
    for rate in ctx.figs:
        if rate.kind != "percent" or rate.unit != "%" or rate.approx or rate.start in judged:
            continue
        raw = ctx.doc.norm[max(0, rate.start - 20) : rate.start]
        raw = re.split(r"[，。；,;\n]", raw)[-1]
        share = _share(ctx, rate, raw)
        if share is not None:
            problems += share
        elif _BUDGET_RATE.search(rate.label):
            problems += _budget_rate(ctx, rate)
        elif rate.label.endswith("率"):
            problems += _event_rate(ctx, rate)
    return problems
