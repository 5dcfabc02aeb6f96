"""Shared fixtures for the loop tests: the built-in loop rules and a target-set builder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.core.goals import TargetSet
from jixiao.core.loop_rules import LoopRules
from jixiao.rules.loop import load_loop_rules

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def loop_rules() -> LoopRules:
    return load_loop_rules()


def indicator(
    name: str, target: Any, unit: str = "件", level1: str = "产出指标", **more: Any
) -> dict[str, Any]:
    """One indicator row as a unit files it."""
    return {
        "level1": level1,
        "level2": more.pop("level2", "数量指标"),
        "name": name,
        "unit": unit,
        "target": target,
        **more,
    }


def complete(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    """Indicators covering all three dimensions, plus `extra`."""
    return [
        indicator("培训人次", "≥100", "人次"),
        indicator("受益群众", "≥500", "人", level1="效益指标", level2="社会效益指标"),
        indicator("群众满意度", "≥90", "%", level1="满意度指标", level2="服务对象满意度指标"),
        *extra,
    ]


def target_set(project: list[dict[str, Any]] | None = None, **fields: Any) -> TargetSet:
    """A valid target set of one project with the given indicators."""
    data: dict[str, Any] = {
        "fiscal_year": 2024,
        "unit_name": "青禾县农业农村局",
        "projects": [
            {
                "name": "农技推广项目",
                "start": "2024-01",
                "end": "2024-12",
                "indicators": project if project is not None else complete(),
            }
        ],
        **fields,
    }
    return TargetSet.model_validate(data)
