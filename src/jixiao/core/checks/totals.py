"""Stated totals against the sum of their parts (revenue, expenditure, funding, staff).

Why: a total that does not equal its parts is the commonest error in hand-typed reports
(the reference report has four); each check names which total and which parts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core import paths
from jixiao.core.checks import CheckOptions, check
from jixiao.core.checks.sums import Part, compare_total
from jixiao.core.model import EconomicLine, Submission

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from jixiao.core.problems import Problem

_SUM_CODES = ("totals.sum-mismatch", "totals.sum-unverifiable", "totals.parts-exceed-total")


def _label(path: str) -> str:
    return paths.label(Submission, path)


def _economic_parts(lines: Sequence[EconomicLine], base: str) -> list[Part]:
    """Class lines (3 digits), plus item lines whose class has no line of its own.

    An item under a listed class is already inside that class's amount; an item whose
    class is not listed is the only place that money appears, so it counts.
    """
    classes = {line.code for line in lines if len(line.code) == 3}
    return [
        Part(f"{line.code} {line.name}".strip(), f"{base}[{i}].amount", line.amount)
        for i, line in enumerate(lines)
        if len(line.code) == 3 or line.code[:3] not in classes
    ]


@check(*_SUM_CODES, tags=("totals",))
def revenue_sources(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """本年总收入 = Σ 收入来源."""
    revenue = sub.finance.revenue
    parts = [
        Part(s.name, f"finance.revenue.sources[{i}].amount", s.amount)
        for i, s in enumerate(revenue.sources)
    ]
    return compare_total(
        "本年总收入",
        "finance.revenue.total",
        revenue.total,
        parts,
        opts.tolerance,
        parts_label="各收入来源",
    )


@check(*_SUM_CODES, tags=("totals",))
def expenditure_by_nature(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """本年总支出 = 基本支出 + 项目支出 (按支出性质)."""
    exp = sub.finance.expenditure
    parts = [
        Part("基本支出", "finance.expenditure.basic.total", exp.basic.total),
        Part("项目支出", "finance.expenditure.project.total", exp.project.total),
    ]
    if any(p.value is None for p in parts):
        return []
    return compare_total(
        "本年总支出",
        "finance.expenditure.total",
        exp.total,
        parts,
        opts.tolerance,
        parts_label="按支出性质分类",
    )


@check(*_SUM_CODES, tags=("totals",))
def basic_split(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """基本支出 = 人员经费 + 公用经费."""
    basic = sub.finance.expenditure.basic
    if basic.personnel is None or basic.public is None:
        return []
    parts = [
        Part("人员经费", "finance.expenditure.basic.personnel", basic.personnel),
        Part("公用经费", "finance.expenditure.basic.public", basic.public),
    ]
    return compare_total(
        "基本支出",
        "finance.expenditure.basic.total",
        basic.total,
        parts,
        opts.tolerance,
        parts_label="人员经费与公用经费",
    )


@check(*_SUM_CODES, tags=("totals",))
def expenditure_by_economic_class(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """本年总支出, 基本支出, 项目支出 each = Σ its economic classes."""
    exp = sub.finance.expenditure
    wholes: list[tuple[str, str, Decimal | str | None, Sequence[EconomicLine], str]] = [
        (
            "本年总支出",
            "finance.expenditure.total",
            exp.total,
            exp.by_economic_class,
            "finance.expenditure.by_economic_class",
        ),
        (
            "基本支出",
            "finance.expenditure.basic.total",
            exp.basic.total,
            exp.basic.by_economic_class,
            "finance.expenditure.basic.by_economic_class",
        ),
        (
            "项目支出",
            "finance.expenditure.project.total",
            exp.project.total,
            exp.project.by_economic_class,
            "finance.expenditure.project.by_economic_class",
        ),
    ]
    problems: list[Problem] = []
    for label, path, total, lines, base in wholes:
        parts = _economic_parts(lines, base)
        problems += compare_total(
            label, path, total, parts, opts.tolerance, parts_label=f"{label}的各经济分类"
        )
    return problems


@check(*_SUM_CODES, tags=("totals",))
def economic_items_within_class(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """A class (301) = Σ its items (30101, 30102 …) when both are given."""
    exp = sub.finance.expenditure
    problems: list[Problem] = []
    for base, lines in (
        ("finance.expenditure.by_economic_class", exp.by_economic_class),
        ("finance.expenditure.basic.by_economic_class", exp.basic.by_economic_class),
        ("finance.expenditure.project.by_economic_class", exp.project.by_economic_class),
    ):
        for i, cls in enumerate(lines):
            if len(cls.code) != 3:
                continue
            items = [
                Part(f"{item.code} {item.name}".strip(), f"{base}[{j}].amount", item.amount)
                for j, item in enumerate(lines)
                if len(item.code) == 5 and item.code.startswith(cls.code)
            ]
            problems += compare_total(
                f"{cls.code} {cls.name}".strip(),
                f"{base}[{i}].amount",
                cls.amount,
                items,
                opts.tolerance,
                parts_label="其下各款",
            )
    return problems


@check(*_SUM_CODES, tags=("totals",))
def expenditure_by_account(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """本年总支出 = Σ 四本预算 (一般公共/政府性基金/国有资本经营/社会保险基金)."""
    accounts = sub.finance.expenditure.by_account
    parts = [
        Part(
            _label(f"finance.expenditure.by_account.{name}").split("›")[-1],
            f"finance.expenditure.by_account.{name}",
            getattr(accounts, name),
        )
        for name in ("general_public", "government_fund", "state_capital", "social_insurance")
    ]
    return compare_total(
        "本年总支出",
        "finance.expenditure.total",
        sub.finance.expenditure.total,
        parts,
        opts.tolerance,
        parts_label="按预算类别",
    )


@check(*_SUM_CODES, tags=("totals",))
def project_list_total(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """项目支出 = Σ 各项目全年执行数."""
    parts = [
        Part(p.name, f"projects[{i}].budget.executed", p.budget.executed)
        for i, p in enumerate(sub.projects)
    ]
    if not parts or any(p.value is None for p in parts):
        return []
    return compare_total(
        "项目支出",
        "finance.expenditure.project.total",
        sub.finance.expenditure.project.total,
        parts,
        opts.tolerance,
        parts_label="各项目全年执行数",
    )


@check(*_SUM_CODES, tags=("totals",))
def project_funding_rows(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """年度资金总额 = Σ 资金来源 rows, for 年初预算数, 全年预算数 and 全年执行数."""
    problems: list[Problem] = []
    columns = (("initial", "年初预算数"), ("full_year", "全年预算数"), ("executed", "全年执行数"))
    for i, project in enumerate(sub.projects):
        for column, column_label in columns:
            parts = [
                Part(row.source, f"projects[{i}].funding[{j}].{column}", getattr(row, column))
                for j, row in enumerate(project.funding)
            ]
            problems += compare_total(
                f"{project.name} 年度资金总额（{column_label}）",
                f"projects[{i}].budget.{column}",
                getattr(project.budget, column),
                parts,
                opts.tolerance,
                parts_label="各资金来源",
            )
    return problems


@check(*_SUM_CODES, tags=("totals", "three-public"))
def three_public_items(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Three public expenses: 合计 = the four items (出国, 购车, 用车运行, 接待), per column."""
    problems: list[Problem] = []
    tp = sub.finance.three_public
    for column, column_label in (
        ("budget", "预算数"),
        ("actual", "本年实际"),
        ("last_year_actual", "上年实际"),
    ):
        figures = getattr(tp, column)
        base = f"finance.three_public.{column}"
        parts = [
            Part(_label(f"{base}.{name}").split("›")[-1], f"{base}.{name}", value)
            for name, value in figures.items().items()
        ]
        problems += compare_total(
            f"“三公”经费合计（{column_label}）",
            f"{base}.total",
            figures.total,
            parts,
            opts.tolerance,
            parts_label="四项经费",
        )
    return problems


@check(*_SUM_CODES, tags=("totals", "staffing"))
def staffing_quota(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """编制总数 = Σ 各类编制 (本级 and 下属单位)."""
    parts = [
        Part(line.name, f"unit.staffing[{i}].quota", Decimal(line.quota))
        for i, line in enumerate(sub.unit.staffing)
    ]
    for s, sub_unit in enumerate(sub.unit.sub_units):
        parts += [
            Part(
                f"{sub_unit.name}{line.name}",
                f"unit.sub_units[{s}].staffing[{i}].quota",
                Decimal(line.quota),
            )
            for i, line in enumerate(sub_unit.staffing)
        ]
    total = None if sub.unit.quota_total is None else Decimal(sub.unit.quota_total)
    return compare_total(
        "编制总数", "unit.quota_total", total, parts, Decimal(0), parts_label="各类编制", unit="个"
    )
