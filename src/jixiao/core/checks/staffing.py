"""Headcount against staffing quota (在职人员控制率, RULES.md §3.1)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, check
from jixiao.core.problems import Problem, make

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jixiao.core.model import Submission


@check("staffing.over-quota", tags=("staffing",))
def headcount_within_quota(sub: Submission, opts: CheckOptions) -> Iterable[Problem]:
    """实有在职人数 should not exceed 编制数 (over-staffing costs points)."""
    quota, headcount = sub.unit.effective_quota()[0], sub.unit.headcount
    if quota is None or headcount is None or headcount <= quota:
        return []
    return [
        make(
            "staffing.over-quota",
            "unit.headcount",
            expected=Decimal(quota),
            actual=Decimal(headcount),
            headcount=headcount,
            quota=quota,
            excess=headcount - quota,
        )
    ]
