"""Dashboard figures: every expected value is computed by hand in the test."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from jixiao.core.evaluation import Summary
from jixiao.core.review_rules import ExecutionBand, ExecutionBands
from jixiao.review import (
    ReviewRules,
    execution_bucket,
    execution_buckets,
    grade_distribution,
    score_gaps,
    totals,
)

MakeRow = Callable[..., Summary]


def test_grade_distribution_counts_computed_grades_and_lists_every_key(make_row: MakeRow) -> None:
    rows = [
        make_row(1, grade="优", stated_grade="优"),
        make_row(2, grade="优秀"),  # alias of 优
        make_row(3, grade="良"),
        make_row(4, grade="差", stated_grade="优"),  # the stated grade is not counted
        make_row(5, grade=""),
        make_row(6, grade="乱码"),  # a stray database value is 未评价, not a crash
    ]
    result = grade_distribution(rows)
    assert result == {"优": 2, "良": 1, "中": 0, "差": 1, "未评价": 2}
    assert list(result) == ["优", "良", "中", "差", "未评价"]


def test_grade_distribution_of_nothing_has_all_keys_at_zero() -> None:
    assert grade_distribution([]) == {"优": 0, "良": 0, "中": 0, "差": 0, "未评价": 0}


def test_score_gaps_are_stated_minus_computed_for_rows_with_both(make_row: MakeRow) -> None:
    rows = [
        make_row(1, stated_score="100", score="5.00"),  # 100 − 5 = 95
        make_row(2, stated_score="85.5", score="90"),  # 85.5 − 90 = −4.5
        make_row(3, stated_score="90"),  # no computed score: skipped
        make_row(4, score="70"),  # no stated score: skipped
    ]
    gaps = score_gaps(rows)
    assert [(g.row_id, g.gap) for g in gaps] == [(1, Decimal("95.00")), (2, Decimal("-4.5"))]
    assert gaps[0].unit_name == "单位1"
    assert (gaps[0].stated_score, gaps[0].score) == (Decimal(100), Decimal("5.00"))


def test_execution_buckets_put_each_edge_where_the_rules_say(
    make_row: MakeRow, rules: ReviewRules
) -> None:
    rates = ["59.99", "60", "89.99", "90", "94.99", "95", "100", "100.01", None]
    rows = [make_row(i, execution_rate=rate) for i, rate in enumerate(rates)]
    assert execution_buckets(rows, rules) == {
        "<60%": 1,  # 59.99
        "60%–80%": 1,  # 60 (lower edge included)
        "80%–90%": 1,  # 89.99
        "90%–95%": 2,  # 90, 94.99
        "95%–100%": 2,  # 95, 100 (le: 100 itself included)
        ">100%": 1,  # 100.01
        "未填报": 1,
    }


def test_execution_bucket_edges_come_from_the_rules_not_the_code(
    make_row: MakeRow, rules: ReviewRules
) -> None:
    halves = ExecutionBands(
        (ExecutionBand("未过半", Decimal(50)), ExecutionBand("过半", None)),
        "空",
        rules.execution.basis,
    )
    custom = dataclasses.replace(rules, execution=halves)
    rows = [make_row(1, execution_rate="49.99"), make_row(2, execution_rate="50"), make_row(3)]
    assert execution_buckets(rows, custom) == {"未过半": 1, "过半": 1, "空": 1}
    assert execution_bucket(Decimal("50"), halves) == "过半"


def test_totals_by_hand(make_row: MakeRow) -> None:
    rows = [
        make_row(1, status="报送财政", score="5.00", total_expenditure="5465.60", errors=5),
        make_row(2, status="通过", score="90.00", total_expenditure="100.40"),
        make_row(3, status="报送财政", errors=1),  # no score, no expenditure
    ]
    result = totals(rows)
    assert result.count == 3
    assert result.by_status == {"报送财政": 2, "通过": 1}
    assert result.scored == 2
    assert result.average_score == Decimal("47.50")  # (5.00 + 90.00) ÷ 2
    assert result.total_expenditure == Decimal("5566.00")  # 5465.60 + 100.40
    assert result.with_errors == 2


def test_totals_of_nothing() -> None:
    result = totals([])
    assert (result.count, result.scored, result.with_errors) == (0, 0, 0)
    assert result.average_score is None
    assert result.total_expenditure == Decimal(0)
    assert result.by_status == {}


def test_average_score_is_rounded_to_cents(make_row: MakeRow) -> None:
    rows = [make_row(1, score="80"), make_row(2, score="80"), make_row(3, score="81")]
    assert totals(rows).average_score == Decimal("80.33")  # 241 ÷ 3 = 80.333…


def test_a_stored_row_is_the_summary_with_its_place_and_as_dict_shows_only_figures() -> None:
    summary = Summary(
        unit_name="益阳市司法局",
        score=Decimal("5.00"),
        grade="差",
        stated_score=Decimal(100),
        stated_grade="优",
        execution_rate=Decimal("96.10"),
        total_expenditure=Decimal("5465.60"),
        classified_projects=1,
        errors=5,
        warnings=4,
    )
    when = datetime(2023, 6, 21, 9, 30)
    row = dataclasses.replace(summary, id=7, status="报送财政", submitted_at=when)
    stored = row.pick(("score", "grade", "errors"))
    assert stored == {"score": Decimal("5.00"), "grade": "差", "errors": 5}
    assert (
        Summary(
            id=7,
            status="报送财政",
            submitted_at=when,
            unit_name="益阳市司法局",
            **{k: getattr(summary, k) for k in row.as_dict() if k != "unit_name"},
        )
        == row
    )
    shown = row.as_dict()
    assert {"id", "status", "submitted_at"}.isdisjoint(shown)
    assert shown["score"] == "5.00" and shown["total_expenditure"] == "5465.60"
    assert shown["classified_projects"] == 1
