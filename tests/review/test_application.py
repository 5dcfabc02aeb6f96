"""Result application: grade → next-year budget treatment (达州 table, RULES.md §6)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from jixiao.core.evaluation import Summary
from jixiao.review import ReviewRules, apply_results, treatment_for

MakeRow = Callable[..., Summary]


def test_each_grade_gets_the_rules_treatment(make_row: MakeRow, rules: ReviewRules) -> None:
    rows = [make_row(1, grade="优"), make_row(2, grade="良"), make_row(3, grade="中")]
    rows += [make_row(4, grade="差"), make_row(5, grade=""), make_row(6, grade="优秀")]
    result = apply_results(rows, rules)
    assert [(a.row_id, a.grade, a.treatment, a.suggested_change_percent, a.status) for a in result] == [
        (1, "优", "优先保障", None, "SEEN"),
        (2, "良", "据实合理保障", None, "SEEN"),
        (3, "中", "按一定比例核减", Decimal(-10), "UNCONFIRMED"),  # the ratio is a placeholder
        (4, "差", "取消或暂停下年度预算", Decimal(-100), "SEEN"),
        (5, "未评价", "尚无复核得分，暂不提出预算安排意见", None, "UNCONFIRMED"),
        (6, "优", "优先保障", None, "SEEN"),
    ]  # fmt: skip


def test_the_computed_grade_decides_not_the_stated_one(
    make_row: MakeRow, rules: ReviewRules
) -> None:
    row = make_row(1, unit_name="益阳市司法局", grade="差", stated_grade="优", stated_score="100")
    (result,) = apply_results([row], rules)
    assert result.grade == "差"
    assert result.treatment == "取消或暂停下年度预算"
    assert result.unit_name == "益阳市司法局"


def test_reference_names_the_source_and_the_ratio_source(
    make_row: MakeRow, rules: ReviewRules
) -> None:
    (result,) = apply_results([make_row(1, grade="中")], rules)
    assert result.reference.startswith("达州“中 按一定比例核减”")
    assert "；比例：达州只写“按一定比例核减”，未给比例" in result.reference


def test_treatment_for_unknown_text_is_the_ungraded_one(rules: ReviewRules) -> None:
    assert treatment_for("甲等", rules) is rules.application.ungraded
    assert treatment_for("良好", rules) is rules.application.treatments["良"]
