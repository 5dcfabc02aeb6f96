"""Rates the engine computes from a submission's own figures (RULES.md §1.4, §3.1).

Each measure returns the rate in percent and the figures it used, or the labels of the
figures that are missing: the engine never guesses a figure (a missing one scores 0 with
a problem naming it). Labels come from the model's field titles, like every message.
A zero base is reported separately because it is a fact, not a gap; where the rule's
meaning is clear (nothing budgeted and nothing spent is "within budget"), 0 ÷ 0 counts as
100% and a positive amount over a zero base as +∞ — both are documented in docs/scoring.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from jixiao.core import paths
from jixiao.core.model import Project, Submission
from jixiao.core.money import HUNDRED, fmt_money, quantize2
from jixiao.core.scoring.result import deferred

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DEPARTMENT_MEASURES", "PROJECT_MEASURES", "Measured"]

INFINITY = Decimal("Infinity")
_new = tuple.__new__  # a Measured from all its fields, as Tally.add builds rows


class Measured(NamedTuple):
    """A computed rate (%) with how it was computed, or why it could not be.

    `text` may be a function: the computation ("51.25÷52.50=97.62%") is formatted only
    when a row or a deduction is shown, not for every project the engine scores.
    """

    value: Decimal | None
    text: str | Callable[[], str] = ""
    missing: tuple[str, ...] = ()
    path: str = ""
    zero_base: str = ""
    unspent: bool = False
    """A zero base with nothing spent against it (0 ÷ 0), for `ZeroBudget.FULL_IF_UNSPENT`."""

    @property
    def shown(self) -> str:
        """How the rate was computed, as the 自评表 shows it."""
        return self.text if isinstance(self.text, str) else self.text()


def _computation(num: Decimal, den: Decimal, value: Decimal) -> str:
    return f"{fmt_money(num)}÷{fmt_money(den)}={_pct(value)}"


def _label(path: str) -> str:
    return paths.short_label(Submission, path)


def _pct(value: Decimal) -> str:
    return "∞" if value.is_infinite() else f"{quantize2(value):f}%"


def _rate(num: Decimal, den: Decimal, path: str) -> Measured:
    """The rate num ÷ den × 100 of two figures and a nonzero base, its computation deferred.

    Built from all its fields (the named tuple's own `__new__` parses keywords and
    defaults): every project scored computes its execution rate.
    """
    value = num / den * HUNDRED
    return _new(Measured, (value, deferred(_computation, (num, den, value)), (), path, "", False))


def _ratio(
    num: Decimal | str | None,
    den: Decimal | str | None,
    num_path: str,
    den_path: str,
    *,
    zero_over_zero: Decimal | None,
    label_root: str = "",
) -> Measured:
    """Compute num ÷ den × 100 with the missing/zero handling described in the module docstring."""
    if isinstance(num, Decimal) and isinstance(den, Decimal) and den:
        # The common case first: both figures present and a base to divide by.
        return _rate(num, den, num_path)
    missing = tuple(
        label_root + _label(p)
        for v, p in ((num, num_path), (den, den_path))
        if not isinstance(v, Decimal)
    )
    if missing or not isinstance(num, Decimal) or not isinstance(den, Decimal):
        path = num_path if not isinstance(num, Decimal) else den_path
        return Measured(None, missing=missing, path=path)
    if den == 0:
        shown = f"{fmt_money(num)}÷{fmt_money(den)}"
        if num == 0 and zero_over_zero is not None:
            return Measured(
                zero_over_zero, f"{shown}（均为0）={_pct(zero_over_zero)}", path=den_path
            )
        if num > 0 and zero_over_zero is not None:
            return Measured(INFINITY, f"{shown}（基数为0）", path=den_path)
        return Measured(None, shown, path=den_path, zero_base=_label(den_path), unspent=num == 0)
    return _rate(num, den, num_path)


# --- project -----------------------------------------------------------------------


def project_execution_rate(project: Project, base: str) -> Measured:
    """执行率 = 全年执行数 B ÷ 全年预算数 A (RULES.md §1.4); 0 ÷ 0 is a zero base, not 100%."""
    budget = project.budget
    figures = budget.__dict__  # pydantic's __getattr__ hook doubles a field read
    executed, full_year = figures["executed"], figures["full_year"]
    if isinstance(executed, Decimal) and isinstance(full_year, Decimal) and full_year:
        return _rate(executed, full_year, f"{base}.budget.executed")  # as _ratio would
    return _ratio(
        budget.executed,
        budget.full_year,
        f"{base}.budget.executed",
        f"{base}.budget.full_year",
        zero_over_zero=None,
    )


# --- department --------------------------------------------------------------------


def staff_control_rate(sub: Submission) -> Measured:
    """在职人员控制率 = 实有在职人数 ÷ 编制数 (财预〔2013〕53号 style, RULES.md §3.1)."""
    unit = sub.unit
    num = None if unit.headcount is None else Decimal(unit.headcount)
    quota, quota_path = unit.effective_quota()
    den = None if quota is None else Decimal(quota)
    measured = _ratio(num, den, "unit.headcount", quota_path, zero_over_zero=None)
    if measured.value is not None and num is not None and den is not None:
        return Measured(
            measured.value, f"{num}人÷{den}人={_pct(measured.value)}", path="unit.headcount"
        )
    return measured


def three_public_change_rate(sub: Submission) -> Measured:
    """The “三公经费”变动率 = (本年 − 上年) ÷ 上年; nothing last year and nothing now is 0%."""
    tp = sub.finance.three_public
    now, last = tp.actual.effective_total(), tp.last_year_actual.effective_total()
    now_path = "finance.three_public.actual.total"
    last_path = "finance.three_public.last_year_actual.total"
    if now is None or last is None:
        return _ratio(now, last, now_path, last_path, zero_over_zero=None, label_root="“三公”经费")
    if last == 0:
        value = Decimal(0) if now == 0 else INFINITY
        return Measured(
            value, f"({fmt_money(now)}−{fmt_money(last)})÷{fmt_money(last)}", path=now_path
        )
    value = (now - last) / last * HUNDRED
    shown = f"({fmt_money(now)}−{fmt_money(last)})÷{fmt_money(last)}={_pct(value)}"
    return Measured(value, shown, path=now_path)


def key_spending_rate(sub: Submission) -> Measured:
    """重点支出安排率 = 重点项目支出 ÷ 项目支出合计; needs projects marked 重点项目."""
    key = [(i, p) for i, p in enumerate(sub.projects) if p.key_project]
    total = sub.finance.expenditure.project.total
    total_path = "finance.expenditure.project.total"
    if not key:
        missing = ["重点项目（没有项目标注为重点项目）"]
        if not isinstance(total, Decimal):
            missing.append(_label(total_path))
        return Measured(None, missing=tuple(missing), path="projects")
    withheld = [i for i, p in key if not isinstance(p.budget.executed, Decimal)]
    if withheld:
        path = f"projects[{withheld[0]}].budget.executed"
        return Measured(
            None, missing=(f"重点项目「{sub.projects[withheld[0]].name}」全年执行数",), path=path
        )
    spent = sum(
        (p.budget.executed for _, p in key if isinstance(p.budget.executed, Decimal)), Decimal(0)
    )
    return _ratio(spent, total, "projects", total_path, zero_over_zero=None)


def budget_completion_rate(sub: Submission) -> Measured:
    """预算完成率 = 全年执行数 ÷ 全年预算数 (RULES.md §3.1)."""
    b = sub.finance.budget
    return _ratio(
        b.executed,
        b.full_year,
        "finance.budget.executed",
        "finance.budget.full_year",
        zero_over_zero=None,
    )


def budget_adjustment_rate(sub: Submission) -> Measured:
    """预算调整率 = |全年预算数 − 年初预算数| ÷ 年初预算数 (追加 and 调减 both count)."""
    b = sub.finance.budget
    if not isinstance(b.full_year, Decimal) or not isinstance(b.initial, Decimal):
        return _ratio(
            b.full_year,
            b.initial,
            "finance.budget.full_year",
            "finance.budget.initial",
            zero_over_zero=None,
        )
    measured = _ratio(
        abs(b.full_year - b.initial),
        b.initial,
        "finance.budget.full_year",
        "finance.budget.initial",
        zero_over_zero=None,
    )
    if measured.value is None:
        return measured
    shown = f"|{fmt_money(b.full_year)}−{fmt_money(b.initial)}|÷{fmt_money(b.initial)}={_pct(measured.value)}"
    return Measured(measured.value, shown, path=measured.path)


def carryover_rate(sub: Submission) -> Measured:
    """结转结余率 = 年末结转结余 ÷ 全年支出预算数 (RULES.md §3.1; 53号 style, UNCONFIRMED wording)."""
    return _ratio(
        sub.finance.carryover.this_year,
        sub.finance.budget.full_year,
        "finance.carryover.this_year",
        "finance.budget.full_year",
        zero_over_zero=Decimal(0),
    )


def carryover_change_rate(sub: Submission) -> Measured:
    """结转结余变动率 = (年末 − 年初结转结余) ÷ 年初结转结余 (RULES.md §3.1).

    Nothing left at the end is −100% whatever the start (so "no carry-over" is one tier,
    as the 岳阳 资金结余 rule reads it); something left over a zero start is +∞.
    """
    c = sub.finance.carryover
    now, start = c.this_year, c.last_year
    now_path, start_path = "finance.carryover.this_year", "finance.carryover.last_year"
    if isinstance(now, Decimal) and now == 0:
        return Measured(-HUNDRED, f"年末{fmt_money(now)}（无结转结余）", path=now_path)
    if not isinstance(now, Decimal) or not isinstance(start, Decimal):
        return _ratio(now, start, now_path, start_path, zero_over_zero=None)
    shown = f"({fmt_money(now)}−{fmt_money(start)})÷{fmt_money(start)}"
    if start == 0:
        return Measured(INFINITY, f"{shown}（年初为0）", path=now_path)
    value = (now - start) / start * HUNDRED
    return Measured(value, f"{shown}={_pct(value)}", path=now_path)


def payment_progress_rate(sub: Submission) -> Measured:
    """支付进度率 = 实际支付数 ÷ 按既定进度应支付数 (RULES.md §3.1); nothing due and nothing paid is on schedule."""
    p = sub.finance.payment
    return _ratio(
        p.paid,
        p.planned,
        "finance.payment.paid",
        "finance.payment.planned",
        zero_over_zero=HUNDRED,
    )


def three_public_control_rate(sub: Submission) -> Measured:
    """The “三公经费”控制率 = 本年实际 ÷ 预算数; none budgeted and none spent is within budget."""
    tp = sub.finance.three_public
    return _ratio(
        tp.actual.effective_total(),
        tp.budget.effective_total(),
        "finance.three_public.actual.total",
        "finance.three_public.budget.total",
        zero_over_zero=HUNDRED,
        label_root="“三公”经费",
    )


def public_funds_control_rate(sub: Submission) -> Measured:
    """公用经费控制率 = 实际公用经费 ÷ 预算公用经费 (RULES.md §3.1)."""
    return _ratio(
        sub.finance.expenditure.basic.public,
        sub.finance.budget.public_funds_budget,
        "finance.expenditure.basic.public",
        "finance.budget.public_funds_budget",
        zero_over_zero=HUNDRED,
    )


def procurement_execution_rate(sub: Submission) -> Measured:
    """政府采购执行率 = 实际采购金额 ÷ 政府采购预算 (RULES.md §3.1)."""
    p = sub.finance.procurement
    return _ratio(
        p.actual,
        p.budget,
        "finance.procurement.actual",
        "finance.procurement.budget",
        zero_over_zero=None,
    )


PROJECT_MEASURES: dict[str, Callable[[Project, str], Measured]] = {
    "project_execution_rate": project_execution_rate,
}
"""Measures a project framework may use: fn(project, "projects[i]")."""

DEPARTMENT_MEASURES: dict[str, Callable[[Submission], Measured]] = {
    "staff_control_rate": staff_control_rate,
    "three_public_change_rate": three_public_change_rate,
    "key_spending_rate": key_spending_rate,
    "budget_completion_rate": budget_completion_rate,
    "budget_adjustment_rate": budget_adjustment_rate,
    "carryover_rate": carryover_rate,
    "carryover_change_rate": carryover_change_rate,
    "payment_progress_rate": payment_progress_rate,
    "three_public_control_rate": three_public_control_rate,
    "public_funds_control_rate": public_funds_control_rate,
    "procurement_execution_rate": procurement_execution_rate,
}
"""Measures a department framework may use: fn(submission)."""
