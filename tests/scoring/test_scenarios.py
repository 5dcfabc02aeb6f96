"""Scoring scenarios as YAML a finance officer can read (tests/scoring/scenarios/*.yaml).

Each case gives the inputs (one project, or a whole submission for the department), the
framework, and the expected total, grade, row scores and problem codes; the expected
figures are worked out by hand in the file's comments, never by the engine under test.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from jixiao.core.framework import FrameworkKind
from jixiao.core.money import quantize2
from jixiao.core.problems import Problem
from jixiao.core.scoring import Score, score_department, score_project
from jixiao.core.validation import build_submission
from jixiao.formats.source import read_data
from jixiao.rules.frameworks import load_framework

SCENARIOS = Path(__file__).parent / "scenarios"


def _cases() -> list[Any]:
    params = []
    for file in sorted(SCENARIOS.glob("*.yaml")):
        data = read_data(file).data
        for case in data["cases"]:
            framework = case.get("framework", data["framework"])
            if str(framework).endswith(".yaml"):
                framework = str(file.parent / framework)
            params.append(pytest.param(framework, case, id=f"{file.stem}:{case['name']}"))
    return params


def _score(framework_name: str, case: dict[str, Any]) -> tuple[Score, list[Problem]]:
    fw = load_framework(framework_name)
    year = case.get("fiscal_year", 2023)
    if fw.kind is FrameworkKind.PROJECT:
        data = {"fiscal_year": year, "unit": {"name": "测试单位"}, "projects": [case["project"]]}
    else:
        data = {"fiscal_year": year, **case["submission"]}
    submission, problems = build_submission(data)
    assert submission is not None and problems == [], [p.message for p in problems]
    if fw.kind is FrameworkKind.PROJECT:
        score, found = score_project(submission.projects[0], 0, fw)
    else:
        score, found = score_department(submission, fw)
    return score, found


@pytest.mark.parametrize(("framework", "case"), _cases())
def test_scenario(framework: str, case: dict[str, Any]) -> None:
    score, found = _score(framework, case)
    codes = sorted({p.code for p in found})
    expected = case["expected"]
    assert score.total == Decimal(str(expected["total"])), "total"
    if "total_exact" in expected:
        assert score.total_exact is not None
        assert quantize2(score.total_exact) == Decimal(expected["total_exact"]), "total_exact"
    for code, severity in (expected.get("severities") or {}).items():
        assert {p.severity.value for p in found if p.code == code} == {severity}, code
    for code, text in (expected.get("messages") or {}).items():
        assert any(text in p.message for p in found if p.code == code), (code, text)
    assert score.total.as_tuple().exponent == -2, "totals are shown with two decimals"
    assert score.grade.value == expected["grade"]
    rows = {row.name: row.score for row in score.rows}
    for name, value in (expected.get("rows") or {}).items():
        assert rows[name] == Decimal(str(value)), name
    levels = {level.name: level.score for level in score.levels}
    for name, value in (expected.get("levels") or {}).items():
        assert levels[name] == Decimal(str(value)), name
    assert codes == sorted(expected.get("problems") or [])
    # Every lost point is explained: deductions add up to what the total is short of
    # (exactly with row rounding; within a cent when only the total is rounded).
    if "scoring.weights-mismatch" not in codes:
        lost = sum((d.points_lost for d in score.deductions), Decimal(0))
        assert abs(Decimal(100) - score.total - lost) <= Decimal("0.01")


def test_every_scenario_file_has_cases() -> None:
    files = sorted(SCENARIOS.glob("*.yaml"))
    assert len(files) >= 8
    assert all(read_data(f).data["cases"] for f in files)
