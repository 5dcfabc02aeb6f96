"""One hostile fixture per scoring code: it fires, at the right field and file line.

Inputs are whole submission files written inline and scored as `jixiao score` does, so
the location is the one a user sees. Framework-file codes are tested in test_frameworks.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.core.codes import all_codes
from jixiao.core.framework import FrameworkKind
from jixiao.pipeline import evaluate, load
from jixiao.rules.frameworks import frameworks_by_kind

SCENARIO_FRAMEWORKS = Path(__file__).parent / "scenarios" / "frameworks"
HEAD = "fiscal_year: 2023\nunit: {name: 测试单位}\n"
FULL = (
    "      - {level1: 效益指标, name: 知晓率, unit: '%', target: '≥85', actual: 88, weight: 30}\n"
    "      - {level1: 满意度指标, name: 满意度, unit: '%', target: '≥90', actual: 95, weight: 10}\n"
)


def project(
    indicator: str, *, budget: str = "{full_year: 100, executed: 100}", extra: str = ""
) -> str:
    """A project whose 效益/满意度 are complete and whose 产出 is the one indicator given."""
    return f"projects:\n  - name: 甲\n    budget: {budget}\n{extra}    indicators:\n      - {indicator}\n{FULL}"


@dataclass(frozen=True)
class Case:
    code: str
    body: str
    path: str
    at: str  # the text whose line the problem must point at
    framework: str = ""
    auto: bool = False  # choose frameworks by year and region, as `jixiao score` does


CASES = [
    Case(
        "scoring.framework-year",
        "fiscal_year: 2015\nunit: {name: 测试单位}\n",
        "fiscal_year",
        "fiscal_year: 2015",
    ),
    Case(
        "scoring.missing-actual",
        project("{level1: 产出指标, name: 案件数, target: '≥5', weight: 50}"),
        "projects[0].indicators[0].actual",
        "name: 案件数",
    ),
    Case(
        "scoring.missing-target",
        project("{level1: 产出指标, name: 案件数, actual: 5, weight: 50}"),
        "projects[0].indicators[0].target",
        "name: 案件数",
    ),
    Case(
        "scoring.actual-not-number",
        project("{level1: 产出指标, name: 案件数, target: '≥5', actual: 很多, weight: 50}"),
        "projects[0].indicators[0].actual",
        "actual: 很多",
    ),
    Case(
        "scoring.missing-weight",
        project("{level1: 产出指标, name: 案件数, target: '≥5', actual: 5}"),
        "projects[0].indicators[0].weight",
        "name: 案件数",
    ),
    Case(
        "scoring.missing-figure",
        project(
            "{level1: 产出指标, name: 案件数, target: '≥5', actual: 5, weight: 50}",
            budget="{executed: 100}",
        ),
        "projects[0].budget.full_year",
        "budget: {executed: 100}",
    ),
    Case(
        "scoring.zero-base",
        project(
            "{level1: 产出指标, name: 案件数, target: '≥5', actual: 5, weight: 50}",
            budget="{full_year: 0, executed: 0}",
        ),
        "projects[0].budget.full_year",
        "budget: {full_year: 0",
    ),
    Case(
        "scoring.weights-mismatch",
        project("{level1: 产出指标, name: 案件数, target: '≥5', actual: 5, weight: 40}"),
        "projects[0].indicators",
        "      - {level1: 产出指标",
    ),
    Case(
        "scoring.no-indicators",
        "projects:\n  - name: 甲\n    budget: {full_year: 100, executed: 100}\n",
        "projects[0].indicators",
        "  - name: 甲",
    ),
    Case(
        "scoring.unmatched-indicator",
        project("{level1: 其他, name: 案件数, target: '≥5', actual: 5, weight: 50}"),
        "projects[0].indicators[0].level1",
        "level1: 其他",
    ),
    Case(
        "scoring.level-moved",
        project("{level1: 成本指标, name: 平均成本, target: '≤5', actual: 5, weight: 50}"),
        "projects[0].indicators[0].level1",
        "level1: 成本指标",
    ),
    Case(
        "scoring.qualitative-unknown-grade",
        project("{level1: 产出指标, name: 按期完成, target: 定性, actual: 基本完成, weight: 50}"),
        "projects[0].indicators[0].actual",
        "actual: 基本完成",
    ),
    Case(
        "scoring.qualitative-out-of-band",
        project(
            "{level1: 产出指标, name: 按期完成, target: 定性, actual: 部分达成年度指标并具有一定效果, weight: 50, stated_score: 45, deviation_reason: 延迟}"
        ),
        "projects[0].indicators[0].stated_score",
        "stated_score: 45",
    ),
    Case(
        "scoring.qualitative-default",
        project(
            "{level1: 产出指标, name: 按期完成, target: 定性, actual: 达成年度指标, weight: 50}"
        ),
        "projects[0].indicators[0].stated_score",
        "name: 按期完成",
    ),
    Case(
        "scoring.over-achievement",
        project("{level1: 产出指标, name: 案件数, target: '≥5', actual: 7, weight: 50}"),
        "projects[0].indicators[0].actual",
        "actual: 7",
    ),
    Case(
        "scoring.over-achievement-deduction",
        project(
            "{level1: 产出指标, name: 案件数, target: '≥10', actual: 15, weight: 50, deviation_reason: 偏低}"
        ),
        "projects[0].indicators[0].actual",
        "actual: 15",
        str(SCENARIO_FRAMEWORKS / "test-deduct-total.yaml"),
    ),
    Case(
        "scoring.no-reason",
        project("{level1: 产出指标, name: 案件数, target: '≥10', actual: 9, weight: 50}"),
        "projects[0].indicators[0].deviation_reason",
        "name: 案件数",
    ),
    Case(
        "scoring.indicator-score-differs",
        project(
            "{level1: 产出指标, name: 案件数, target: '≥10', actual: 9, weight: 50, stated_score: 50, deviation_reason: 少}"
        ),
        "projects[0].indicators[0].stated_score",
        "stated_score: 50",
    ),
    Case(
        "scoring.stated-score-differs",
        "self_evaluation: {score: 100, grade: 优}\n",
        "self_evaluation.score",
        "self_evaluation:",
    ),
    Case(
        "scoring.stated-grade-differs",
        "self_evaluation:\n  grade: 优\n",
        "self_evaluation.grade",
        "  grade: 优",
    ),
    Case(
        "scoring.inflation",
        project(
            "{level1: 产出指标, name: 案件数, target: '≥5', actual: 5, weight: 50}",
            budget="{full_year: 100, executed: 50}",
        ),
        "projects[0].budget.executed",
        "budget: {full_year: 100",
    ),
]

CASES += [
    Case(
        "scoring.no-framework",
        "fiscal_year: 2016\nunit: {name: 测试单位}\n"
        + project("{level1: 产出指标, name: 案件数, target: '≥10', actual: 10, weight: 50}"),
        "fiscal_year",
        "fiscal_year: 2016",
        auto=True,
    ),
    Case(
        "scoring.department-not-evaluated",
        project("{level1: 产出指标, name: 案件数, target: '≥10', actual: 10, weight: 50}"),
        "projects",
        "  - name: 甲",  # a list's line is that of its first item
        auto=True,
    ),
    Case(
        "scoring.missing-actual-dropped",
        project(
            "{level1: 产出指标, name: 案件数, unit: 件, target: '≥10', weight: 25}\n"
            "      - {level1: 产出指标, name: 场次, unit: 场, target: '≥5', actual: 5, weight: 25}"
        ),
        "projects[0].indicators[0].actual",
        "{level1: 产出指标, name: 案件数",
        str(SCENARIO_FRAMEWORKS / "test-options.yaml"),
    ),
]

FRAMEWORK_FILE_CODES = {"scoring.framework-weights", "scoring.framework-unknown-formula"}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_scoring_code_fires_at_its_location(case: Case, tmp_path: Path) -> None:
    text = case.body if case.body.startswith("fiscal_year") else HEAD + case.body
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    if case.auto:
        report = evaluate(load(path), check=False)
    else:
        frameworks = frameworks_by_kind([case.framework] if case.framework else [])
        report = evaluate(load(path), frameworks=frameworks, check=False)
    matching = [p for p in report.problems if p.code == case.code and p.location.path == case.path]
    assert matching, [(p.code, p.location.path) for p in report.problems]
    problem = matching[0]
    assert problem.location.file == str(path)
    assert problem.location.line == text.count("\n", 0, text.index(case.at)) + 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in problem.message)


def test_every_scoring_code_has_a_fixture() -> None:
    owned = {c.code for c in all_codes() if c.code.startswith("scoring.")}
    assert owned == {case.code for case in CASES} | FRAMEWORK_FILE_CODES


def test_default_frameworks_are_national_project_and_hunan_department() -> None:
    chosen = frameworks_by_kind()
    assert chosen[FrameworkKind.PROJECT].id == "national-2020-project"
    assert chosen[FrameworkKind.DEPARTMENT].id == "hunan-dept-overall"
