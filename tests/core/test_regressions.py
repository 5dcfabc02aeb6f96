"""Regressions found in review: each input once gave a wrong answer or a traceback."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.conftest import CheckYaml

from jixiao.core.model import Submission
from jixiao.core.scoring import Score, score_submission
from jixiao.rules.frameworks import frameworks_by_kind

HEAD = "fiscal_year: 2023\nunit: {name: 甲}\n"


def _scores(sub: Submission) -> list[Score]:
    scores, _problems = score_submission(sub, frameworks_by_kind())
    return scores


@pytest.mark.parametrize(
    "body",
    [
        "finance:\n  budget: {full_year: 100000000000000000000000000000000, executed: 1}\n",
        "self_evaluation: {score: 1.0e+400}\n",
        "finance:\n  expenditure: {total: 1.0e+32}\n",
        "projects:\n  - name: 甲\n    indicators:\n"
        "      - {level1: 产出指标, name: a, target: '≥1', actual: 1.0e+400, weight: 50}\n",
    ],
    ids=["huge-budget", "huge-score", "huge-total", "huge-actual"],
)
def test_absurd_magnitudes_are_refused_with_a_message(body: str, check_yaml: CheckYaml) -> None:
    report = check_yaml(HEAD + body)
    assert any(p.code == "load.invalid-value" and "过大" in p.message for p in report.problems)
    if report.submission is not None:
        _scores(report.submission)  # must not raise


def test_quota_by_lines_counts_for_scoring_as_for_checks(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        HEAD.replace("{name: 甲}", "{name: 甲, headcount: 10, staffing: [{name: 行政, quota: 10}]}")
        + "finance:\n  budget: {full_year: 100, executed: 100}\n"
    )
    assert report.submission is not None
    assert report.submission.unit.effective_quota() == (10, "unit.staffing")
    department = _scores(report.submission)[-1]
    row = next(r for r in department.rows if r.name == "在职人员控制率")
    assert row.score == row.weight


def test_partly_filled_three_public_items_are_not_a_total(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        HEAD + "finance:\n  three_public:\n    budget: {reception: 5}\n"
        "    actual: {reception: 4, vehicle_operation: 3}\n"
    )
    assert not [p for p in report.problems if p.code.startswith("three-public.")]


def test_economic_items_without_their_class_line_still_count(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        HEAD + "finance:\n  expenditure:\n    total: 150\n    by_economic_class:\n"
        "      - {code: '301', amount: 100}\n      - {code: '30201', amount: 50}\n"
    )
    assert not [p for p in report.problems if p.code == "totals.sum-mismatch"]


def test_over_allocated_weights_are_scaled_so_lost_points_show(check_yaml: CheckYaml) -> None:
    report = check_yaml(
        HEAD + "projects:\n  - name: 项目\n    budget: {full_year: 100, executed: 100}\n"
        "    indicators:\n"
        "      - {level1: 产出指标, name: a, unit: 件, target: '≥10', actual: 7, weight: 30, deviation_reason: x}\n"
        "      - {level1: 产出指标, name: b, unit: 件, target: '≥10', actual: 10, weight: 30}\n"
        "      - {level1: 效益指标, name: c, unit: 件, target: '≥10', actual: 10, weight: 30}\n"
        "      - {level1: 满意度指标, name: d, unit: '%', target: '≥90', actual: 95, weight: 10}\n"
    )
    assert isinstance(report.submission, Submission)
    project = _scores(report.submission)[0]
    # 产出 weights 30+30 scaled to 25+25; a scores 7/10 of 25 = 17.50; total 10+42.5+30+10
    assert project.total == Decimal("92.50")
