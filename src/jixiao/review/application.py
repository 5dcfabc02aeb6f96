"""Result application (结果应用): a grade → next year's budget treatment.

The treatment table is data (rules/review/*.yaml; the built-in one is 达州's 优先保障 /
据实合理保障 / 按一定比例核减 / 取消或暂停, RULES.md §6), and every suggestion carries its
reference and status so a page can flag a ratio that is only a jixiao placeholder.

The grade applied is the computed (reviewed) grade, never the unit's stated one: the
stated grade is the unit's own claim, and tying money to it would reward exactly the
inflation that spot-checks look for (RULES.md §1.1 forbids 刻意抬高分数; the README's
reference report states 100分/优 where the rules give 5分/差). When the bureau records a
re-evaluated grade, the web layer puts it in `Summary.grade` and this module follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.review.grades import UNGRADED, grade_of

if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal

    from jixiao.core.evaluation import Summary
    from jixiao.core.review_rules import ReviewRules, Treatment

__all__ = ["Application", "apply_results", "treatment_for"]

_RANK = {"SEEN": 0, "PRACTICE": 1, "UNCONFIRMED": 2}


@dataclass(frozen=True, slots=True)
class Application:
    """The suggested next-year treatment of one submission.

    `suggested_change_percent` is relative to this year's budget (−100 = none next year),
    None when the rule gives no figure. `status` is the weaker of the treatment's and the
    percentage's (UNCONFIRMED wins), so a placeholder number is never shown as settled.
    """

    row_id: int | None
    unit_name: str
    grade: str
    treatment: str
    suggested_change_percent: Decimal | None
    reference: str
    status: str


def treatment_for(grade_text: str, rules: ReviewRules) -> Treatment:
    """The rules' treatment for a grade's text (优秀 = 优); the ungraded one otherwise."""
    grade = grade_of(grade_text)
    table = rules.application
    return table.ungraded if grade is None else table.treatments[grade.value]


def _application(row: Summary, treatment: Treatment) -> Application:
    references = [treatment.basis.reference]
    status = treatment.basis.status
    if treatment.change_basis is not None:
        references.append(f"比例：{treatment.change_basis.reference}")
        status = max(status, treatment.change_basis.status, key=lambda s: _RANK.get(s, 2))
    return Application(
        row_id=row.id,
        unit_name=row.unit_name,
        grade=treatment.grade or UNGRADED,
        treatment=treatment.text,
        suggested_change_percent=treatment.change_percent,
        reference="；".join(references),
        status=status,
    )


def apply_results(rows: Iterable[Summary], rules: ReviewRules) -> list[Application]:
    """One suggestion per row, in the rows' order, from each row's computed grade."""
    return [_application(row, treatment_for(row.grade, rules)) for row in rows]
