"""Comparing a stated total with its parts: the one routine every sum check uses.

Why one routine: "total equals the sum of its parts" is the check the reference report
fails four times, in four places. Undisclosed (涉密) parts make a sum unverifiable rather
than wrong, unless the disclosed parts alone already exceed the total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.identities import Part
from jixiao.core.money import differs, fmt_money, fmt_number
from jixiao.core.problems import Figure, Location, Problem, make
from jixiao.core.types import is_amount

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Part", "agrees", "compare_total"]


def agrees(
    total: Decimal | str | None, values: Sequence[Decimal | str | None], tolerance: Decimal
) -> bool:
    """Whether `compare_total` has nothing to say about a total and its parts' values.

    That is: no total stated, no part filled, or every filled part a number and their
    sum within the tolerance. Read from the values alone, so a check can leave the
    labels and paths of the parts unspelled where they agree (`identities.Site`).
    """
    filled = [v for v in values if v is not None]
    if not is_amount(total) or not filled:
        return True
    assert isinstance(total, Decimal)
    numbers = [v for v in filled if isinstance(v, Decimal)]
    if len(numbers) < len(filled):
        return False  # a part withheld (未公开): unverifiable, or exceeding the total
    return not differs(sum(numbers, Decimal(0)), total, tolerance)


def compare_total(
    total_label: str,
    total_path: str,
    total: Decimal | str | None,
    parts: Sequence[Part],
    tolerance: Decimal,
    *,
    parts_label: str = "各分项",
    unit: str = "万元",
) -> list[Problem]:
    """Problems when the stated total and the sum of its filled parts disagree.

    Silent when the total or every part is missing: nothing was stated, nothing to check.
    """
    if agrees(total, [p.value for p in parts], tolerance):
        return []  # nothing to word (most totals of a large file)
    assert isinstance(total, Decimal)
    filled = [p for p in parts if p.value is not None]
    known = [p for p in filled if is_amount(p.value)]
    withheld = [p for p in filled if not is_amount(p.value)]
    known_sum = sum((p.value for p in known if isinstance(p.value, Decimal)), Decimal(0))
    figures = (
        Figure(total_label, total, unit, Location(path=total_path)),
        *(
            Figure(
                p.label,
                p.value if isinstance(p.value, Decimal) else None,
                unit,
                Location(path=p.path),
            )
            for p in filled
        ),
    )
    show = fmt_money if unit == "万元" else fmt_number
    common: dict[str, Any] = {
        "total_label": total_label,
        "total": show(total),
        "parts_label": parts_label,
        "parts_sum": show(known_sum),
        "diff": show(abs(known_sum - total)),
        "unit": unit,
        "parts": "、".join(p.label for p in filled),
    }
    if withheld:
        if known_sum - total > tolerance:
            return [
                make(
                    "totals.parts-exceed-total",
                    total_path,
                    figures=figures,
                    expected=total,
                    actual=known_sum,
                    withheld=len(withheld),
                    **common,
                )
            ]
        return [
            make(
                "totals.sum-unverifiable",
                total_path,
                figures=figures,
                withheld=len(withheld),
                **common,
            )
        ]
    if differs(known_sum, total, tolerance):
        return [
            make(
                "totals.sum-mismatch",
                total_path,
                figures=figures,
                expected=total,
                actual=known_sum,
                **common,
            )
        ]
    return []
