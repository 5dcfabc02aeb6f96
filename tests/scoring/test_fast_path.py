"""The engine's fast path for a group of indicators gives exactly the reference result.

`unit_indicators.score_group` records a met quantitative indicator in one step and sends
everything else to `score_indicator`; the reference is `score_indicator` for every member.
Random projects (met and missed targets, over-achievement around each framework's
threshold, stated scores near the computed ones, missing and odd values) are scored both
ways under every project framework, and every figure is compared as text, so 10 and
10.00 differ too, and so is the whole JSON document `jixiao score --json` would write.
The engine's output as a whole is pinned against its pre-tuning behaviour by
tests/scoring/test_unchanged.py.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.framework import FrameworkKind
from jixiao.core.model import Project
from jixiao.core.problems import problem_to_dict
from jixiao.core.scoring import engine, score_project, score_to_dict
from jixiao.core.scoring.unit_indicators import score_indicator
from jixiao.rules.frameworks import available_frameworks, load_framework

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jixiao.core.framework import Framework
    from jixiao.core.model import Indicator
    from jixiao.core.problems import Problem
    from jixiao.core.scoring import Score
    from jixiao.core.scoring.tally import Tally

PROJECT_FRAMEWORKS = [
    fw
    for fw in (load_framework(path.stem) for path in available_frameworks())
    if fw.kind is FrameworkKind.PROJECT
]

numbers = st.one_of(
    st.integers(0, 300),
    st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False),
    # next to the targets' over-achievement thresholds (120 %, 130 %, 150 % of 50/100/200)
    st.sampled_from(["60", "60.01", "65", "65.01", "75.01", "120.01", "130", "130.01", "260.01"]),
)
small = st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)
offsets = st.sampled_from(["-0.02", "-0.01", "0", "0.01", "0.02"]).map(Decimal)


@st.composite
def indicator(draw: st.DrawFn) -> dict[str, object]:
    weight = draw(st.one_of(st.sampled_from([0, 2, 5, 10]), small, st.none()))
    stated = draw(st.one_of(st.none(), numbers, offsets))
    if isinstance(stated, Decimal) and weight is not None and stated.copy_abs() <= Decimal("0.02"):
        stated += Decimal(weight)  # next to the weight, where a stated score still agrees
        stated = max(stated, Decimal(0))
    return {
        "level1": draw(st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", "其他"])),
        "level2": draw(st.sampled_from(["数量指标", "质量指标", ""])),
        "name": draw(st.text(alphabet="甲乙丙丁", min_size=1, max_size=3)),
        "target": draw(
            st.one_of(
                st.builds(
                    lambda op, v: f"{op}{v}",
                    st.sampled_from(["≥", "≤", "=", ">", "<"]),
                    st.sampled_from([0, 1, 50, 77, 100, 200]),
                ),
                st.just("定性"),
            )
        ),
        "actual": draw(
            st.one_of(
                numbers,
                st.sampled_from(["达成年度指标", "未达成年度指标且效果较差", "说不清", ""]),
                st.none(),
            )
        ),
        "weight": weight,
        "stated_score": stated,
        "deviation_reason": draw(st.sampled_from(["", "人手不足", " "])),
    }


def _fillers(fw: Framework, indicators: list[dict[str, object]]) -> list[dict[str, object]]:
    """A met indicator per level taking the weight left, so most groups add up.

    A group whose weights do not add up is rescored through the scaled (reference) path
    under `weights_mismatch: rescale`, which would leave the fast path unchecked.
    """
    out: list[dict[str, object]] = []
    for level in fw.levels:
        group = level.unit
        if group is None:
            continue
        given = sum(
            (
                Decimal(str(ind["weight"]))
                for ind in indicators
                if ind["level1"] in group.match and ind["weight"] is not None
            ),
            Decimal(0),
        )
        if given < group.weight:
            name = group.name if group.name in group.match else sorted(group.match)[0]
            out.append(
                {
                    "level1": name,
                    "name": "补足",
                    "target": "≥1",
                    "actual": 1,
                    "weight": group.weight - given,
                }
            )
    return out


def _reference_group(
    run: Tally, level: str, members: Sequence[tuple[int, Indicator]], base: str
) -> None:
    for index, ind in members:
        score_indicator(run, level, ind, f"{base}[{index}]")


def _figures(score: Score) -> dict[str, Any]:
    """Everything a Score says, Decimals as text, texts and formulas formatted."""
    return {
        "head": [str(x) for x in score[:5]] + [str(score.total_exact)],
        "levels": [tuple(map(str, lv)) for lv in score.levels],
        "rows": [(*map(str, r[:8]), r.target, r.actual, r.source is None) for r in score.rows],
        "deductions": [
            (d.indicator, d.path, d.rule, d.reference, d.formula, str(d.points_lost))
            for d in score.deductions
        ],
    }


def _serialised(score: Score, problems: list[Problem]) -> str:
    """The document `jixiao score --json` writes (every text formatted), compact: its
    indentation is formatting only and would run json's pure-Python encoder."""
    document = {"score": score_to_dict(score), "problems": [problem_to_dict(p) for p in problems]}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(indicator(), max_size=12),
    st.sampled_from(range(len(PROJECT_FRAMEWORKS))),
    st.one_of(st.none(), numbers),
)
def test_fast_path_scores_like_the_reference(
    indicators: list[dict[str, object]], which: int, stated: Decimal | int | None
) -> None:
    fw = PROJECT_FRAMEWORKS[which]
    project = Project.model_validate(
        {
            "name": "项目",
            "budget": {"full_year": 100, "executed": 90},
            "indicators": indicators + _fillers(fw, indicators),
            "stated_score": stated,
        }
    )
    fast, fast_problems = score_project(project, 3, fw)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "score_group", _reference_group)
        slow, slow_problems = score_project(project, 3, fw)
    assert _figures(fast) == _figures(slow)
    assert fast_problems == slow_problems
    assert _serialised(fast, fast_problems) == _serialised(slow, slow_problems)


def test_the_fast_path_is_taken_and_checked() -> None:
    """The patched reference really replaces the fast path (the comparison is not vacuous)."""
    project = Project.model_validate(
        {
            "name": "项目",
            "indicators": [
                {"level1": "产出指标", "name": "甲", "target": "≥10", "actual": 12, "weight": 10}
            ],
        }
    )
    calls: list[str] = []

    def counting(
        run: Tally, level: str, members: Sequence[tuple[int, Indicator]], base: str
    ) -> None:
        calls.append(level)
        _reference_group(run, level, members, base)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "score_group", counting)
        score_project(project, 0, PROJECT_FRAMEWORKS[0])
    assert calls
