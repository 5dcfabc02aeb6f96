"""The two examples scored end to end.

Xiangjiang: the stated scores, worked out by hand in the file's comments, equal the
computed ones. Yiyang: the published "100分 优秀" is not supported by the figures the
report states, and every point the department loses is listed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import EXAMPLES, run_cli

from jixiao.core.problems import Severity
from jixiao.pipeline import evaluate, load
from jixiao.rules.frameworks import frameworks_by_kind

XIANGJIANG = EXAMPLES / "xiangjiang-justice-2023.yaml"
YIYANG = EXAMPLES / "yiyang-justice-2022.yaml"


def test_xiangjiang_stated_scores_equal_computed() -> None:
    report = evaluate(load(XIANGJIANG), frameworks=frameworks_by_kind(), check=False)
    totals = [(s.subject, str(s.total), s.grade.value) for s in report.scores]
    assert totals == [
        ("项目「法律援助经费」", "99.79", "优"),
        ("项目「普法宣传经费」", "98.20", "优"),
        ("项目「人民调解“以奖代补”经费」", "100.00", "优"),
        ("项目「社区矫正信息化建设」", "99.63", "优"),
        ("部门整体", "90.73", "优"),
    ]
    for score in report.scores:
        assert score.stated_score is not None and abs(score.stated_score - score.total) <= Decimal(
            "0.005"
        )
    assert not [p for p in report.problems if p.severity is Severity.ERROR]
    # The one warning: 7 new model villages against a target of ≥5 is 140% > 130%.
    assert [p.code for p in report.problems] == ["scoring.over-achievement"]


def test_xiangjiang_department_deductions_add_up() -> None:
    report = evaluate(load(XIANGJIANG), frameworks=frameworks_by_kind(), check=False)
    department = report.scores[-1]
    lost = {d.indicator: d.points_lost for d in department.deductions}
    assert lost == {
        "重点支出安排率": Decimal("5.00"),
        "预算完成率": Decimal("0.06"),
        "预算调整率": Decimal("1.00"),
        "资金结余（结转结余变动率）": Decimal("3.00"),
        "政府采购执行率": Decimal("0.21"),
    }
    assert sum(lost.values()) == Decimal(100) - department.total


def test_yiyang_department_score_and_every_deduction() -> None:
    report = evaluate(load(YIYANG), frameworks=frameworks_by_kind(), check=False)
    department = report.scores[-1]
    # Only 在职人员控制率 can be computed: 166 ÷ 168 = 98.81% ≤ 100% → 5 points.
    assert (str(department.total), department.grade.value) == ("5.00", "差")
    assert sum(d.points_lost for d in department.deductions) == Decimal("95.00")
    codes = {(p.code, p.location.path) for p in report.problems}
    assert ("scoring.stated-score-differs", "self_evaluation.score") in codes
    assert ("scoring.stated-grade-differs", "self_evaluation.grade") in codes
    stated = next(p for p in report.problems if p.code == "scoring.stated-score-differs")
    assert (stated.expected, stated.actual) == (Decimal("5.00"), Decimal(100))
    assert stated.location.line is not None
    missing = {p.location.path for p in report.problems if p.code == "scoring.missing-figure"}
    assert {"finance.budget.executed", "finance.three_public.actual.total", "projects"} <= missing


run = run_cli


def test_cli_score_json_and_exit_codes(tmp_path: Any) -> None:
    clean = run("score", str(XIANGJIANG), "--json")
    assert clean.returncode == 0, clean.stderr
    doc = json.loads(clean.stdout)
    assert [s["total"] for s in doc["scores"]] == ["99.79", "98.20", "100.00", "99.63", "90.73"]
    assert doc["scores"][1]["deductions"][1]["points_lost"] == "1.5"
    assert doc["scores"][1]["deductions"][1]["computed"] is False  # a unit indicator
    flagged_department = json.loads(run("score", str(YIYANG), "--json").stdout)["scores"][-1]
    computed = [d for d in flagged_department["deductions"] if d["computed"]]
    assert computed and all(d["target"] for d in computed)  # its target is the standard
    assert doc["counts"] == {"error": 0, "warning": 1, "info": 0}
    flagged = run("score", str(YIYANG), "--json")
    assert flagged.returncode == 1
    assert json.loads(flagged.stdout)["scores"][-1]["total"] == "5.00"
    missing = run("score", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2


def test_cli_score_text_project_filter_and_framework_choice() -> None:
    result = run(
        "score", str(XIANGJIANG), "--project", "普法宣传经费", "--framework", "legacy-2017-project"
    )
    assert result.returncode == 0, result.stdout
    assert "总分 98.20，等级 优" in result.stdout
    assert "部门整体" not in result.stdout
    assert "scoring.framework-year" in result.stdout  # 2023 is outside the 2017 form's years
    unknown = run("score", str(XIANGJIANG), "--framework", "no-such")
    assert unknown.returncode == 2 and "rules.not-found" in unknown.stdout
    absent = run("score", str(XIANGJIANG), "--project", "没有这个项目")
    assert absent.returncode == 2


def test_cli_frameworks_lists_references() -> None:
    result = run("frameworks")
    assert result.returncode == 0
    for name in (
        "national-2020-project",
        "sichuan-project",
        "legacy-2017-project",
        "hunan-dept-overall",
    ):
        assert name in result.stdout
    assert "财预〔2020〕10号" in result.stdout
