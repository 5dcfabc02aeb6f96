"""Target sets: the filing workflow, adjustments side by side, the pre-filled self-evaluation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.loop.conftest import DATA, target_set

from jixiao.core.goals import (
    Adjustment,
    TargetSet,
    TargetStatus,
    apply_adjustments,
    next_status,
    prefill,
    side_by_side,
)
from jixiao.core.model import Submission
from jixiao.formats.source import read_data


def test_workflow_returns_then_approves_and_locks() -> None:
    status = next_status(TargetStatus.DRAFT, "file")
    status = next_status(status, "return")
    assert status is TargetStatus.RETURNED
    status = next_status(next_status(status, "file"), "approve")
    assert status is TargetStatus.APPROVED
    for action in ("file", "return", "approve"):
        with pytest.raises(ValueError, match="已批复锁定"):
            next_status(status, action)


def test_adjustment_shows_both_targets_and_keeps_the_original() -> None:
    original = target_set()
    change = Adjustment(
        project="农技推广项目", indicator="培训人次", new_target="≥80", reason="上级下达任务调减"
    )
    adjusted = apply_adjustments(original, [change])
    rows = {r.name: r for r in side_by_side(original, adjusted)}
    assert (rows["培训人次"].original, rows["培训人次"].adjusted) == ("≥100人次", "≥80人次")
    assert rows["受益群众"].adjusted is None
    assert original.projects[0].indicators[0].target is not None
    assert original.projects[0].indicators[0].target.value == Decimal(100)


def test_adjusting_an_unknown_indicator_is_refused() -> None:
    change = Adjustment(indicator="不存在的指标", new_target="≥1", reason="x")
    with pytest.raises(ValueError, match="不在已批复的绩效目标中"):
        apply_adjustments(target_set(), [change])


def test_prefill_is_a_valid_submission_with_targets_and_no_actuals() -> None:
    targets = TargetSet.model_validate(read_data(DATA / "targets-2024.yaml").data)
    sub = Submission.model_validate(prefill(targets))
    assert sub.unit.name == "青禾县农业农村局" and sub.fiscal_year == 2024
    first = sub.projects[0].indicators[0]
    assert first.target is not None and first.target.display(first.unit) == "≥20座"
    assert first.actual is None
    assert sub.projects[0].budget.full_year == Decimal(300)
    assert len(sub.department_indicators) == 3


def test_bad_period_is_refused_with_its_field() -> None:
    with pytest.raises(ValueError, match="2024-01"):
        target_set(projects=[{"name": "x", "start": "2024/1"}])
