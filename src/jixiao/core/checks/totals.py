"""Stated totals against the sum of their parts: the identities of the rules data.

Why: a total that does not equal its parts is the commonest error in hand-typed reports
(the reference report has four). Which totals and which parts is data
(rules/identities/, on the profile as `identities`), so a region's form with another
breakdown is checked without code; only the 支出经济分类 structure (a class equals its
items) is a rule of the classification itself and stays here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.checks.sums import agrees, compare_total
from jixiao.core.identities import Part, sites

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.model import Submission
    from jixiao.core.problems import Problem

_SUM_CODES = ("totals.sum-mismatch", "totals.sum-unverifiable", "totals.parts-exceed-total")


@check(*_SUM_CODES, tags=("totals",))
def totals_equal_their_parts(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """Every identity of the profile: the stated total = Σ its parts (within the tolerance).

    Each site is judged on its figures first and spelled (labels, paths) only when it
    has something to say: 60,000 项目资金 totals of a province, nearly all agreeing.
    """
    problems: list[Problem] = []
    for identity in opts.identities:
        tolerance = Decimal(0) if identity.exact else opts.tolerance
        for site in sites(identity, sub):
            values = site.values()
            if identity.all_parts and (not values or any(v is None for v in values)):
                continue
            if agrees(site.total(), values, tolerance):
                continue
            found = site.expanded()
            parts = list(found.parts)
            problems += compare_total(
                found.label,
                found.total_path,
                found.total,
                parts,
                tolerance,
                parts_label=identity.parts_label,
                unit=identity.unit,
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
