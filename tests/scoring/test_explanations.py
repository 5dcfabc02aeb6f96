"""Sichuan's explanation rules as data in its profile (scenarios/explanations/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.core.checks import run_checks
from jixiao.core.validation import build_submission
from jixiao.formats.source import read_data
from jixiao.rules.profiles import load_options

CASES = Path(__file__).parent / "scenarios" / "explanations"


def _cases() -> list[Any]:
    return [
        pytest.param(case, id=f"{file.stem}:{case['name']}")
        for file in sorted(CASES.glob("*.yaml"))
        for case in read_data(file).data["cases"]
    ]


@pytest.mark.parametrize("case", _cases())
@pytest.mark.parametrize("profile", ["sichuan", "national"])
def test_explanation_rules(case: dict[str, Any], profile: str) -> None:
    data = {"fiscal_year": 2023, "unit": {"name": "测试单位"}, "projects": [case["project"]]}
    sub, problems = build_submission(data)
    assert sub is not None and problems == [], [p.message for p in problems]
    options = load_options("sichuan" if profile == "sichuan" else "national-2020")
    found = [p for p in run_checks(sub, options) if p.code.startswith("explain.")]
    assert sorted(p.code for p in found) == sorted(case["expected"][profile])
    for problem in found:
        assert problem.location.path == "projects[0].budget.explanation"
        assert "四川" in (problem.hint or "")


def test_sichuan_profile_states_the_rules_with_references() -> None:
    rules = load_options("sichuan").explanations
    assert (str(rules.execution_below), rules.adjustment, rules.max_chars) == ("90", True, 100)
    assert "青神" in rules.reference
