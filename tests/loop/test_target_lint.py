"""Filing-time target lint: one scenario per rule, each with a clean counterpart."""

from __future__ import annotations

from decimal import Decimal

from tests.loop.conftest import complete, indicator, target_set

from jixiao.core.checks.target_lint import lint_targets
from jixiao.core.loop_rules import LoopRules


def codes(problems: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(p.code for p in problems)


def test_a_complete_set_is_clean(loop_rules: LoopRules) -> None:
    assert lint_targets(target_set(), loop_rules.lint) == []


def test_cost_target_with_ge(loop_rules: LoopRules) -> None:
    bad = target_set(complete(indicator("单位培训成本", "≥200", "万元", level2="成本指标")))
    good = target_set(complete(indicator("单位培训成本", "≤200", "万元", level2="成本指标")))
    found = lint_targets(bad, loop_rules.lint)
    assert codes(found) == ["targets.cost-comparator"]
    assert found[0].location.path == "projects[0].indicators[3].target"
    assert "≥200万元" in found[0].message
    assert lint_targets(good, loop_rules.lint) == []


def test_percentage_over_100(loop_rules: LoopRules) -> None:
    bad = target_set(complete(indicator("验收合格率", "≥105", "%")))
    growth = target_set(complete(indicator("产量增长率", "≥105", "%")))
    assert codes(lint_targets(bad, loop_rules.lint)) == ["targets.percent-over-100"]
    assert lint_targets(growth, loop_rules.lint) == []


def test_quantitative_target_without_unit(loop_rules: LoopRules) -> None:
    bad = target_set(complete(indicator("发放宣传册", "≥1000", "")))
    found = lint_targets(bad, loop_rules.lint)
    assert codes(found) == ["targets.missing-unit"]
    assert found[0].location.path == "projects[0].indicators[3].unit"


def test_missing_dimensions(loop_rules: LoopRules) -> None:
    only_output = target_set([indicator("培训人次", "≥100", "人次")])
    found = lint_targets(only_output, loop_rules.lint)
    assert codes(found) == ["targets.missing-dimension"] * 2
    assert {"效益", "满意度"} == {p.message.split("没有")[1][:-3] for p in found}


def test_deadline_outside_project_period(loop_rules: LoopRules) -> None:
    late = indicator(
        "完工时间", {"comparator": "定性", "text": "2025年3月底前完工"}, "", level2="时效指标"
    )
    month = indicator("完工时间", "≤13", "月", level2="时效指标")
    inside = indicator(
        "完工时间", {"comparator": "定性", "text": "2024年10月底前完工"}, "", level2="时效指标"
    )
    found = lint_targets(target_set(complete(late)), loop_rules.lint)
    assert codes(found) == ["targets.deadline-outside-period"]
    assert "2025年3月" in found[0].message and "2024年1月至2024年12月" in found[0].message
    assert codes(lint_targets(target_set(complete(month)), loop_rules.lint)) == [
        "targets.deadline-outside-period"
    ]
    assert lint_targets(target_set(complete(inside)), loop_rules.lint) == []


def test_payment_rate_as_output(loop_rules: LoopRules) -> None:
    bad = target_set(complete(indicator("资金支付率", "≥95", "%", level2="质量指标")))
    found = lint_targets(bad, loop_rules.lint)
    assert codes(found) == ["targets.payment-rate-as-output"]
    assert found[0].location.path == "projects[0].indicators[3].level1"


def test_target_below_last_year_actual(loop_rules: LoopRules) -> None:
    # Last year the unit trained 150 人次; a target of ≥100 is already met.
    last = {("农技推广项目", "培训人次"): Decimal(150)}
    found = lint_targets(target_set(), loop_rules.lint, last)
    assert codes(found) == ["targets.below-last-year"]
    assert found[0].expected == Decimal(150) and found[0].actual == Decimal(100)
    assert (
        lint_targets(target_set(), loop_rules.lint, {("农技推广项目", "培训人次"): Decimal(90)})
        == []
    )


def test_vague_qualitative_target(loop_rules: LoopRules) -> None:
    vague = indicator(
        "群众生活水平", "定性：群众生活水平有所提高", "", level1="效益指标", level2="社会效益指标"
    )
    checkable = indicator(
        "管理制度", "定性：年底前出台项目管理办法", "", level1="效益指标", level2="社会效益指标"
    )
    found = lint_targets(target_set(complete(vague)), loop_rules.lint)
    assert codes(found) == ["targets.vague-qualitative"]
    assert "有所" in found[0].message
    assert lint_targets(target_set(complete(checkable)), loop_rules.lint) == []


def test_department_indicators_are_linted_too(loop_rules: LoopRules) -> None:
    found = lint_targets(
        target_set(
            department_indicators=[indicator("办公经费成本", "≥50", "万元", level2="成本指标")]
        ),
        loop_rules.lint,
    )
    assert "targets.cost-comparator" in codes(found)
    assert any(p.location.path == "department_indicators" for p in found)
