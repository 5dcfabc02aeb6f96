"""Properties of the point rules and of whole scores (hypothesis).

Each indicator scores within [0, weight]; a total within [0, 100]; a "≥" indicator's score
never falls as the actual rises, a "≤" indicator's never rises (with the national
framework, whose over-achievement policy does not deduct).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.framework import LeFormula, Rule, RuleKind, Tier
from jixiao.core.model import Project
from jixiao.core.scoring import score_project
from jixiao.core.scoring.points import quantitative, rule_points
from jixiao.core.targets import Comparator
from jixiao.rules.frameworks import load_framework

NATIONAL = load_framework("national-2020-project")

amounts = st.decimals(
    min_value=-1000, max_value=100000, places=2, allow_nan=False, allow_infinity=False
)
weights = st.decimals(min_value=0, max_value=60, places=2)
comparators = st.sampled_from(list(Comparator)[:5])
formulas = st.sampled_from(list(LeFormula))


@given(comparators, amounts, amounts, weights, formulas)
def test_quantitative_within_zero_and_weight(
    comparator: Comparator, target: Decimal, actual: Decimal, weight: Decimal, formula: LeFormula
) -> None:
    assert Decimal(0) <= quantitative(comparator, target, actual, weight, formula) <= weight


@given(
    st.sampled_from([Comparator.GE, Comparator.GT]), amounts, amounts, amounts, weights, formulas
)
def test_ge_score_non_decreasing_in_actual(
    comparator: Comparator,
    target: Decimal,
    a: Decimal,
    b: Decimal,
    weight: Decimal,
    formula: LeFormula,
) -> None:
    low, high = sorted((a, b))
    assert quantitative(comparator, target, low, weight, formula) <= quantitative(
        comparator, target, high, weight, formula
    )


@given(
    st.sampled_from([Comparator.LE, Comparator.LT]), amounts, amounts, amounts, weights, formulas
)
def test_le_score_non_increasing_in_actual(
    comparator: Comparator,
    target: Decimal,
    a: Decimal,
    b: Decimal,
    weight: Decimal,
    formula: LeFormula,
) -> None:
    low, high = sorted((a, b))
    assert quantitative(comparator, target, low, weight, formula) >= quantitative(
        comparator, target, high, weight, formula
    )


rules = st.one_of(
    st.just(Rule(RuleKind.PROPORTIONAL)),
    st.builds(
        lambda limit, per: Rule(RuleKind.DEDUCT_OVER, limit=limit, per_point=per),
        amounts,
        st.decimals(min_value=0, max_value=5, places=2),
    ),
    st.just(
        Rule(
            RuleKind.TIERS_MIN, tiers=(Tier(Decimal(90), Decimal(5)), Tier(Decimal(60), Decimal(2)))
        )
    ),
    st.just(
        Rule(
            RuleKind.TIERS_MAX, tiers=(Tier(Decimal(0), Decimal(3)), Tier(Decimal(10), Decimal(2)))
        )
    ),
)


@given(rules, st.one_of(amounts, st.just(Decimal("Infinity"))), weights)
def test_computed_rules_within_zero_and_weight(rule: Rule, value: Decimal, weight: Decimal) -> None:
    points = rule_points(rule, value, weight)
    assert Decimal(0) <= points <= max(weight, Decimal(0))


indicator = st.fixed_dictionaries(
    {
        "level1": st.sampled_from(["产出指标", "效益指标", "满意度指标", "其他"]),
        "name": st.text(alphabet="甲乙丙丁", min_size=1, max_size=3),
        "target": st.one_of(
            st.builds(
                lambda op, v: f"{op}{v}", st.sampled_from(["≥", "≤", "="]), st.integers(0, 500)
            ),
            st.just("定性"),
        ),
        "actual": st.one_of(
            st.integers(0, 1000),
            st.sampled_from(
                [
                    "达成年度指标",
                    "部分达成年度指标并具有一定效果",
                    "未达成年度指标且效果较差",
                    "说不清",
                ]
            ),
            st.none(),
        ),
        "weight": st.one_of(st.integers(0, 60), st.none()),
        "stated_score": st.one_of(st.integers(0, 60), st.none()),
    }
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(indicator, max_size=10),
    st.one_of(st.none(), st.integers(0, 500)),
    st.one_of(st.none(), st.integers(0, 800)),
)
def test_any_project_scores_within_bounds(
    indicators: list[dict[str, object]], full_year: int | None, executed: int | None
) -> None:
    project = Project.model_validate(
        {
            "name": "项目",
            "budget": {"full_year": full_year, "executed": executed},
            "indicators": indicators,
        }
    )
    score, _problems = score_project(project, 0, NATIONAL)
    assert Decimal(0) <= score.total <= Decimal(100)
    for row in score.rows:
        assert Decimal(0) <= row.score <= row.weight, row
    for level in score.levels:
        assert Decimal(0) <= level.score <= level.weight
    assert all(d.points_lost > 0 for d in score.deductions)
