"""Risk scores and spot-check selection; points are computed by hand from default.yaml.

default.yaml: score_gap 1/分 unless the stated score rounds from the computed one, cap 40; stated_excellent 20 below 90;
low_execution 1/百分点 below 90, cap 30; errors 5 each, cap 25; warnings 1 each, cap 10;
large_expenditure 10 from 1000万元; classified_projects 5 each, cap 15; must-check at 40;
share 0.2, minimum 1.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.core.evaluation import Summary
from jixiao.review import ReviewRules, risk, sample_size, select_sample

MakeRow = Callable[..., Summary]


def test_risk_of_the_reference_report(make_row: MakeRow, rules: ReviewRules) -> None:
    row = make_row(
        1,
        stated_score="100",
        stated_grade="优",
        score="5.00",
        grade="差",
        execution_rate="96.10",
        total_expenditure="5465.60",
        errors=5,
        warnings=4,
    )
    result = risk(row, rules)
    # gap 95 → cap 40; 优 below 90 → 20; 5 errors × 5 = 25; 4 warnings × 1 = 4;
    # 5465.60 ≥ 1000 → 10; 96.10% ≥ 90% → 0. Total 99.
    assert result.score == Decimal("99.00")
    assert result.reasons == (
        "自评得分100.00分，复核计算得分5.00分，相差95.00分（+40点）",
        "自评等级为“优”，但复核计算得分5.00分，低于90分（+20点）",
        "自动检查发现错误5项（+25点）",
        "自动检查发现警告4项（+4点）",
        "本年总支出5465.60万元，不低于1000万元（+10点）",
    )


def test_a_clean_row_has_no_risk(make_row: MakeRow, rules: ReviewRules) -> None:
    row = make_row(1, stated_score="92", score="92", grade="优", execution_rate="98")
    assert risk(row, rules).score == Decimal("0.00")
    assert risk(row, rules).reasons == ()


@pytest.mark.parametrize(
    ("stated", "computed", "points"),
    [
        ("90", "89.996", "0.00"),  # 89.996 rounds to the stated 90: agrees
        ("90.00", "89.996", "0.00"),  # and to 90.00
        ("90.4", "90", "0.40"),  # no tolerance beyond rounding (as the scoring check)
        ("91", "90", "1.00"),
        ("90.1", "89.996", "0.10"),  # 89.996 rounds to 90.0, not 90.1: the whole gap counts
        ("80", "90", "0.00"),  # understated: not an inflation risk
    ],
)
def test_score_gap_counts_what_rounding_does_not_explain(
    make_row: MakeRow, rules: ReviewRules, stated: str, computed: str, points: str
) -> None:
    row = make_row(1, stated_score=stated, score=computed)
    assert risk(row, rules).score == Decimal(points)


@pytest.mark.parametrize(
    ("rate", "points"),
    [("90", "0.00"), ("89.5", "0.50"), ("72.5", "17.50"), ("50", "30.00")],  # 90−50=40 → cap 30
)
def test_low_execution_points(
    make_row: MakeRow, rules: ReviewRules, rate: str, points: str
) -> None:
    assert risk(make_row(1, execution_rate=rate), rules).score == Decimal(points)


def test_low_execution_reason(make_row: MakeRow, rules: ReviewRules) -> None:
    assert risk(make_row(1, execution_rate="72.5"), rules).reasons == (
        "预算执行率72.50%，低于90%（+17.5点）",
    )


def test_stated_excellent_needs_a_computed_score_below_90(
    make_row: MakeRow, rules: ReviewRules
) -> None:
    assert risk(make_row(1, stated_grade="优秀", score="90"), rules).score == 0
    assert risk(make_row(2, stated_grade="优秀", score="89.99"), rules).score == 20
    assert risk(make_row(3, stated_grade="优"), rules).score == 0  # no computed score


@pytest.mark.parametrize(("count", "points"), [(None, 0), (0, 0), (2, 10), (4, 15)])
def test_classified_projects_points(
    make_row: MakeRow, rules: ReviewRules, count: int | None, points: int
) -> None:
    assert risk(make_row(1, classified_projects=count), rules).score == points


def test_errors_and_warnings_are_capped(make_row: MakeRow, rules: ReviewRules) -> None:
    assert risk(make_row(1, errors=9, warnings=30), rules).score == 35  # min(45,25)+min(30,10)


def test_expenditure_line_is_inclusive(make_row: MakeRow, rules: ReviewRules) -> None:
    assert risk(make_row(1, total_expenditure="999.99"), rules).score == 0
    assert risk(make_row(2, total_expenditure="1000"), rules).score == 10


@pytest.mark.parametrize(
    ("count", "share", "minimum", "size"),
    [
        (10, "0.2", 1, 2),
        (11, "0.2", 1, 3),  # 2.2 rounds up
        (3, "0.2", 1, 1),  # 0.6 → 1
        (3, "0.2", 2, 2),  # the minimum wins
        (1, "0.2", 5, 1),  # never more than all
        (0, "0.2", 1, 0),
        (5, "0", 0, 0),
        (5, "1", 0, 5),
    ],
)
def test_sample_size(count: int, share: str, minimum: int, size: int) -> None:
    assert sample_size(count, Decimal(share), minimum) == size


@pytest.mark.parametrize(("share", "minimum"), [("1.01", 1), ("-0.1", 1), ("0.2", -1)])
def test_sample_size_refuses_nonsense(share: str, minimum: int) -> None:
    with pytest.raises(ValueError, match="抽查比例"):
        sample_size(10, Decimal(share), minimum)


def _ten(make_row: MakeRow) -> list[Summary]:
    """Ten rows: #7 must be checked (99 points), #3 has 17.5, #5 has 4, the rest 0."""
    rows = [make_row(i) for i in range(1, 11)]
    rows[6] = make_row(
        7, stated_score="100", stated_grade="优", score="5", errors=5, warnings=4,
        total_expenditure="5465.60",
    )  # fmt: skip
    rows[2] = make_row(3, execution_rate="72.5")
    rows[4] = make_row(5, warnings=4)
    return rows


def test_quota_is_filled_by_highest_risk(make_row: MakeRow, rules: ReviewRules) -> None:
    picked = select_sample(_ten(make_row), rules)  # 10 × 0.2 = 2
    assert [(s.row.id, s.rank, s.must_check) for s in picked] == [(7, 1, True), (3, 2, False)]
    assert picked[0].why == "风险合计99.00点，达到必查线40点，必须复核"
    assert picked[1].why == "风险合计17.50点，按风险从高到低补足抽查名额"
    assert picked[1].reasons == (picked[1].why, "预算执行率72.50%，低于90%（+17.5点）")


def test_must_check_rows_exceed_a_small_quota(make_row: MakeRow, rules: ReviewRules) -> None:
    rows = [make_row(i, errors=5, warnings=10, total_expenditure="2000") for i in (1, 2, 3)]
    rows += [make_row(i) for i in range(4, 11)]  # 25 + 10 + 10 = 45 ≥ 40 for rows 1–3
    picked = select_sample(rows, rules, share=Decimal("0.1"))  # quota 1
    assert [s.row.id for s in picked] == [1, 2, 3]
    assert all(s.must_check for s in picked)


def test_zero_risk_rows_fill_by_id_without_a_seed(make_row: MakeRow, rules: ReviewRules) -> None:
    picked = select_sample([make_row(i) for i in (5, 2, 9)], rules, minimum=2)
    assert [s.row.id for s in picked] == [2, 5]
    assert picked[0].why == "未发现风险因素，按编号顺序补足抽查名额"


def test_a_seed_draws_among_equal_risks(make_row: MakeRow, rules: ReviewRules) -> None:
    rows = [make_row(i) for i in range(1, 21)]
    draws = {tuple(s.row.id for s in select_sample(rows, rules, seed=s)) for s in range(5)}
    assert len(draws) > 1  # different seeds, different draws
    first = select_sample(rows, rules, seed=2024)
    assert first == select_sample(rows, rules, seed=2024)
    assert first[0].why == "未发现风险因素，按抽样种子“2024”随机补足抽查名额"


def test_duplicate_ids_are_refused(make_row: MakeRow, rules: ReviewRules) -> None:
    with pytest.raises(ValueError, match="重复"):
        select_sample([make_row(1), make_row(1)], rules)
