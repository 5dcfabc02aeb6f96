"""Calibration figures worked by hand, and their effect on next year's sample."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.evaluation import Summary
from jixiao.core.loop_rules import LoopRules
from jixiao.core.rereview import RereviewRow, compare
from jixiao.review.calibration import CalibrationRecord, application_notes, calibrate, prior_risk
from jixiao.review.sampling import select_sample
from jixiao.rules.review import load_review_rules

D = Decimal


def rec(
    unit: str, kind: str, year: int, own: str, review: str, g1: str, g2: str
) -> CalibrationRecord:
    return CalibrationRecord(unit, kind, year, D(own), D(review), g1, g2)


RECORDS = [
    # 甲局 2023: self 98 (优) vs review 80 (良): gap 18.
    rec("甲局", "行政单位", 2023, "98", "80", "优", "良"),
    # 乙局 2023: self 92 (优) vs review 91 (优): gap 1.
    rec("乙局", "行政单位", 2023, "92", "91", "优", "优"),
    # 丙中心 2023: self 85 (良) vs review 82 (良): gap 3.
    rec("丙中心", "事业单位", 2023, "85", "82", "良", "良"),
    # 甲局 2022: self 90 (优) vs review 88 (良): gap 2.
    rec("甲局", "行政单位", 2022, "90", "88", "优", "良"),
]


def test_by_unit() -> None:
    groups = {g.key: g for g in calibrate(RECORDS, "unit")}
    a = groups["甲局"]
    # 甲局: self (98 + 90) / 2 = 94.00; review (80 + 88) / 2 = 84.00; gap 10.00;
    # self 优 2 of 2 = 100.00%, review 优 0 of 2 = 0.00%.
    assert (a.count, a.mean_self, a.mean_review, a.mean_gap) == (
        2,
        D("94.00"),
        D("84.00"),
        D("10.00"),
    )
    assert (a.self_excellent_share, a.review_excellent_share) == (D("100.00"), D("0.00"))
    assert [g.key for g in calibrate(RECORDS, "unit")] == ["甲局", "丙中心", "乙局"]


def test_by_kind_and_year() -> None:
    kinds = {g.key: g for g in calibrate(RECORDS, "kind")}
    # 行政单位: self (98 + 92 + 90) / 3 = 93.33; review (80 + 91 + 88) / 3 = 86.33; gap 7.00;
    # self 优 3/3 = 100.00%; review 优 1/3 = 33.33%.
    admin = kinds["行政单位"]
    assert (admin.mean_self, admin.mean_review, admin.mean_gap) == (
        D("93.33"),
        D("86.33"),
        D("7.00"),
    )
    assert admin.review_excellent_share == D("33.33")
    years = {g.key: g for g in calibrate(RECORDS, "year")}
    # 2023: self (98 + 92 + 85) / 3 = 91.67; review (80 + 91 + 82) / 3 = 84.33; gap 7.34
    # (difference of the rounded means, as shown on the page).
    assert years["2023"].mean_gap == D("7.34")
    assert years["2023"].self_excellent_share == D("66.67")


def test_prior_risk_and_application(loop_rules: LoopRules) -> None:
    rules = loop_rules.calibration
    risk = prior_risk(RECORDS, 2023, rules)
    # 甲局 2023 gap 18: (18 − 2) × 2 = 32 points, capped at 30. 丙中心 gap 3: (3 − 2) × 2 = 2.
    # 乙局 gap 1 ≤ 2: nothing.
    assert {k: v[0] for k, v in risk.items()} == {"甲局": D("30.00"), "丙中心": D("2.00")}
    assert "2023年度复核" in risk["甲局"][1]
    # Only 甲局's gap (18) reaches the application line of 10.
    assert set(application_notes(RECORDS, 2023, rules)) == {"甲局"}


def test_next_year_sample_weights_the_inflating_unit_higher(loop_rules: LoopRules) -> None:
    review = load_review_rules()
    rows = [
        Summary(id=i, unit_name=name)
        for i, name in enumerate(["乙局", "甲局", "丙中心", "丁所", "戊站"], 1)
    ]
    plain = select_sample(rows, review, share=D("0.2"), minimum=1, seed="2024")
    weighted = select_sample(
        rows,
        review,
        share=D("0.2"),
        minimum=1,
        seed="2024",
        prior=prior_risk(RECORDS, 2023, loop_rules.calibration),
    )
    assert weighted[0].row.unit_name == "甲局"
    assert weighted[0].risk.score == D("30.00")
    assert plain[0].risk.score == 0


def test_rereview_rows_and_total() -> None:
    result = compare(
        [
            RereviewRow("r1", "预算执行率", D(10), D(10), D(6), "执行率78%，按规则得6分"),
            RereviewRow("r2", "培训人次", D(20), D(20), D(20)),
            RereviewRow("r3", "满意度", D(10), D(8), D(9)),
        ]
    )
    assert [r.difference for r in result.rows] == [D(-4), D(0), D(1)]
    # self 10 + 20 + 8 = 38; review 6 + 20 + 9 = 35; difference −3.
    assert (result.self_total, result.review_total, result.difference) == (D(38), D(35), D(-3))


def test_rereview_refuses_unexplained_deductions_and_overflows() -> None:
    import pytest

    with pytest.raises(ValueError, match="须填写依据说明"):
        compare([RereviewRow("r1", "预算执行率", D(10), D(10), D(6))])
    with pytest.raises(ValueError, match="不在0至10分之间"):
        compare([RereviewRow("r1", "预算执行率", D(10), D(10), D(11))])


def test_missing_targets_and_combined_prior(loop_rules: LoopRules) -> None:
    from jixiao.review.calibration import combine, missing_targets_risk

    rules = loop_rules.calibration
    both = combine(prior_risk(RECORDS, 2023, rules), missing_targets_risk(["甲局", "丁所"], rules))
    # 甲局: 30 (gap) + 5 (no approved targets) = 35; 丁所: 5.
    assert both["甲局"][0] == D("35.00") and "未经财政批复" in both["甲局"][1]
    assert both["丁所"] == (D(5), "绩效目标未经财政批复，自评目标与实际同时填写")
