"""Framework selection by fiscal year and region, and the projects-only rule, end to end.

Cases are in tests/scoring/scenarios/selection/*.yaml with the hand computation in their
comments; each goes through `jixiao.pipeline.evaluate` as `jixiao score` does, so the
chosen frameworks, the totals and the problems are those a user sees.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.core.framework import FrameworkKind
from jixiao.formats.source import read_data
from jixiao.pipeline import evaluate, load
from jixiao.rules.frameworks import choose_frameworks

SELECTION = Path(__file__).parent / "scenarios" / "selection"


def _cases() -> list[Any]:
    params = []
    for file in sorted(SELECTION.glob("*.yaml")):
        for case in read_data(file).data["cases"]:
            params.append(pytest.param(case, id=f"{file.stem}:{case['name']}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_selection_scenario(case: dict[str, Any]) -> None:
    report = evaluate(load(case["submission"]), check=False)
    expected = case["expected"]
    chosen = {c.kind.value: (c.framework.id if c.framework else None) for c in report.frameworks}
    assert chosen == expected["frameworks"]
    totals = {s.subject: s.total for s in report.scores}
    assert totals == {k: Decimal(v) for k, v in expected["totals"].items()}
    assert sorted({p.code for p in report.problems if p.code.startswith("scoring.")}) == sorted(
        expected.get("problems") or []
    )
    if "部门整体" not in expected["totals"]:
        assert report.department_score is None
        assert report.summary.score is None and report.summary.grade == ""


def test_every_year_of_the_brief_is_covered() -> None:
    years = {case.values[0]["submission"]["fiscal_year"] for case in _cases()}
    assert {2017, 2019, 2020, 2024} <= years


def test_region_setting_wins_over_the_automatic_choice() -> None:
    data = {"fiscal_year": 2023, "unit": {"name": "甲", "region": "湖南省"}, "projects": []}
    report = evaluate(load(data), check=False, region_frameworks=["sichuan-project"])
    project = next(c for c in report.frameworks if c.kind is FrameworkKind.PROJECT)
    assert project.framework is not None and project.framework.id == "sichuan-project"
    assert "财政部门" in project.reason


def test_a_named_framework_wins_and_says_so() -> None:
    sub = load({"fiscal_year": 2018, "unit": {"name": "甲"}, "projects": []}).submission
    assert sub is not None
    choices, problems = choose_frameworks(sub, ["national-2020-project"])
    assert problems == []
    assert choices[0].framework is not None
    assert (choices[0].framework.id, choices[0].reason) == ("national-2020-project", "调用时指定")


def test_a_regions_own_file_on_the_rules_path_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    national = (
        Path(__file__).parents[2] / "src/jixiao/rules/frameworks/national-2020-project.yaml"
    ).read_text(encoding="utf-8")
    own = national.replace("id: national-2020-project", "id: changsha-project").replace(
        "  regions: []", "  regions: [长沙]"
    )
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "changsha-project.yaml").write_text(own, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES_PATH", str(tmp_path))
    for region, want in (
        ("湖南省长沙市", "changsha-project"),
        ("湖南省株洲市", "national-2020-project"),
    ):
        sub = load({"fiscal_year": 2023, "unit": {"name": "甲", "region": region}}).submission
        assert sub is not None
        choices, _ = choose_frameworks(sub)
        project = choices[0].framework
        assert project is not None and project.id == want, region


def test_cli_score_says_which_framework_applied_and_why(tmp_path: Path) -> None:
    case = next(c.values[0] for c in _cases() if c.values[0]["submission"]["fiscal_year"] == 2019)
    file = tmp_path / "sub.json"
    file.write_text(json.dumps(case["submission"], ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(file)])
    assert "计分框架（项目）：项目支出绩效自评（2017年版自评表，2020年以前）" in result.stdout
    assert "适用于2019年度、地区「湖南省长沙市」" in result.stdout
    doc = CliRunner().invoke(app, ["score", str(file), "--json"]).stdout
    used = json.loads(doc)["frameworks"]
    assert [u["id"] for u in used] == ["legacy-2017-project", "hunan-dept-overall"]


def test_cli_frameworks_lists_years_regions_and_sources() -> None:
    result = CliRunner().invoke(app, ["frameworks"])
    assert "适用于2017–2019年、全国" in result.stdout
    assert "适用于2020–2099年、四川" in result.stdout
    assert "来源：" in result.stdout and "文号：财预〔2020〕10号" in result.stdout
    assert "options.missing_actual=zero" in result.stdout
