"""运行监控 warnings: one scenario per rule of rules/loop/default.yaml, worked by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tests.loop.conftest import target_set

from jixiao.core.loop_rules import Level, LoopRules
from jixiao.core.monitoring import RoundReport, completion_ratio, elapsed_percent, evaluate_round
from jixiao.core.problems import UnreadableError
from jixiao.rules.loop import load_loop_rules

PROJECT = "农技推广项目"


def round_of(months: int = 7, **fields: Any) -> RoundReport:
    return RoundReport.model_validate(
        {"fiscal_year": 2024, "unit_name": "青禾县农业农村局", "months": months, **fields}
    )


def alerts(report: RoundReport, rules: LoopRules) -> list[tuple[str, str, str]]:
    return [
        (a.level.value, a.rule, a.subject)
        for a in evaluate_round(report, target_set(), rules.monitoring)
    ]


def test_elapsed_time() -> None:
    # 7 of 12 months = 58.333… → 58.33; 10 of 12 = 83.33.
    assert elapsed_percent(7) == Decimal("58.33")
    assert elapsed_percent(10) == Decimal("83.33")


@pytest.mark.parametrize(
    ("executed", "expected"),
    [
        # 1–7月: time 58.33%. 380/1000 = 38.00% → lag 20.33 ≥ 20 → red.
        ("380", [("red", "execution-lag-red", PROJECT)]),
        # 470/1000 = 47.00% → lag 11.33: ≥ 10, < 20 → yellow.
        ("470", [("yellow", "execution-lag-yellow", PROJECT)]),
        # 490/1000 = 49.00% → lag 9.33 < 10 → none.
        ("490", []),
    ],
)
def test_execution_lag(
    loop_rules: LoopRules, executed: str, expected: list[tuple[str, str, str]]
) -> None:
    report = round_of(
        spending=[
            {
                "project": PROJECT,
                "full_year": "1000",
                "executed": executed,
                "deviation_reason": "招标延后",
                "measures": "加快验收付款",
            }
        ]
    )
    assert alerts(report, loop_rules) == expected


def test_over_budget(loop_rules: LoopRules) -> None:
    report = round_of(
        12,
        spending=[
            {
                "full_year": "100",
                "executed": "100.50",
                "deviation_reason": "追加",
                "measures": "调整预算",
            }
        ],
    )
    found = evaluate_round(report, None, loop_rules.monitoring)
    assert [(a.level, a.rule, a.subject) for a in found] == [(Level.RED, "over-budget", "部门整体")]
    assert found[0].problem.difference == Decimal("0.50")


@pytest.mark.parametrize(
    ("expected", "level", "rule"),
    [
        # target ≥100 人次: expected 75 → 75.00% → shortfall 25 ≥ 20 → red.
        ("75", "red", "indicator-red"),
        # expected 95 → 95.00% → shortfall 5: ≥ 0.01, < 20 → yellow.
        ("95", "yellow", "indicator-yellow"),
        # expected 100 → 100% → none.
        ("100", None, None),
    ],
)
def test_indicator_shortfall(
    loop_rules: LoopRules, expected: str, level: str | None, rule: str | None
) -> None:
    report = round_of(
        spending=[
            {
                "project": PROJECT,
                "full_year": "10",
                "executed": "6",
                "deviation_reason": "农时影响",
                "measures": "秋季集中培训",
            }
        ],
        indicators=[{"project": PROJECT, "indicator": "培训人次", "expected": expected}],
    )
    found = alerts(report, loop_rules)
    assert found == ([] if level is None else [(level, rule, PROJECT)])


def test_cost_indicator_ratio_is_inverted() -> None:
    # "≤8万元": an expected cost of 10 gives 8/10 = 80.00%; a cost of 6 is better than met.
    ind = (
        target_set(
            [
                {
                    "level1": "产出指标",
                    "level2": "成本指标",
                    "name": "单座成本",
                    "unit": "万元",
                    "target": "≤8",
                }
            ]
        )
        .projects[0]
        .indicators[0]
    )
    assert completion_ratio(ind, Decimal(10)) == Decimal("80.00")
    assert completion_ratio(ind, Decimal(6)) == Decimal("133.33")


def test_qualitative_indicator_not_expected_is_red(loop_rules: LoopRules) -> None:
    report = round_of(
        spending=[{"project": PROJECT, "deviation_reason": "x", "measures": "y"}],
        indicators=[{"project": PROJECT, "indicator": "群众满意度", "expected_met": False}],
    )
    assert alerts(report, loop_rules) == [("red", "indicator-red", PROJECT)]


def test_reason_missing(loop_rules: LoopRules) -> None:
    report = round_of(spending=[{"project": PROJECT, "full_year": "1000", "executed": "380"}])
    assert alerts(report, loop_rules) == [
        ("red", "execution-lag-red", PROJECT),
        ("yellow", "reason-missing", PROJECT),
    ]


def test_without_targets_only_spending_is_judged(loop_rules: LoopRules) -> None:
    report = round_of(indicators=[{"project": PROJECT, "indicator": "培训人次", "expected": "1"}])
    assert evaluate_round(report, None, loop_rules.monitoring) == []


def test_region_rules_file_changes_the_lines(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/jixiao/rules/loop/default.yaml").read_text("utf-8")
    region = tmp_path / "loop.yaml"
    region.write_text(
        text.replace(
            'threshold: "20"\n      reference: 执行率', 'threshold: "5"\n      reference: 执行率'
        ),
        "utf-8",
    )
    rules = load_loop_rules(str(region))
    report = round_of(
        spending=[
            {
                "project": PROJECT,
                "full_year": "1000",
                "executed": "520",
                "deviation_reason": "x",
                "measures": "y",
            }
        ]
    )
    # lag 6.33: yellow under the default file (none, < 10), red under the region's line of 5.
    assert evaluate_round(report, None, rules.monitoring)[0].level is Level.RED


def test_bad_rules_file_names_file_and_line(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/jixiao/rules/loop/default.yaml").read_text("utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("level: red", "level: purple", 1), "utf-8")
    with pytest.raises(UnreadableError) as caught:
        load_loop_rules(str(broken))
    problem = caught.value.problems[0]
    assert problem.code == "rules.bad-choice"
    assert problem.location.file == str(broken) and problem.location.line is not None
