"""The loop's commands end to end: exit codes, messages, JSON, unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Ran, run_cli
from tests.loop.conftest import DATA


def run(*args: str) -> Ran:
    """`jixiao ARGS` in this process (`run_cli`): each command as its own interpreter cost
    about 0.4 s of CPU, twenty of them here; `python -m jixiao` itself is tested by
    `run_process` in tests/cli."""
    return run_cli(*args)


def test_targets_lint_clean_file_and_file_line_on_warnings(tmp_path: Path) -> None:
    assert run("targets", "lint", str(DATA / "targets-2024.yaml")).returncode == 0
    bad = tmp_path / "t.yaml"
    bad.write_text(
        (DATA / "targets-2024.yaml").read_text("utf-8").replace('target: "≤8"', 'target: "≥8"'),
        "utf-8",
    )
    done = run("targets", "lint", str(bad), "--json")
    assert done.returncode == 1
    problem = json.loads(done.stdout)["problems"][0]
    assert problem["code"] == "targets.cost-comparator"
    assert problem["location"]["file"] == str(bad) and problem["location"]["line"] == 20


def test_targets_lint_unreadable_and_invalid_input_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "b.yaml"
    broken.write_text("fiscal_year: [", "utf-8")
    assert run("targets", "lint", str(broken)).returncode == 2
    invalid = tmp_path / "i.yaml"
    invalid.write_text(
        "fiscal_year: 2024\nunit_name: x\nprojects:\n  - {name: p, start: '2024/1'}\n", "utf-8"
    )
    done = run("targets", "lint", str(invalid))
    assert done.returncode == 2
    assert "实施起始年月" in done.stdout and "i.yaml:4" in done.stdout
    assert "Traceback" not in done.stderr


def test_targets_prefill_and_adjust(tmp_path: Path) -> None:
    adjustments = tmp_path / "adj.yaml"
    adjustments.write_text(
        "adjustments:\n  - {project: 农村人居环境整治项目, indicator: 新建公厕数量, new_target: '≥15', reason: 用地未落实}\n",
        "utf-8",
    )
    shown = run("targets", "adjust", str(DATA / "targets-2024.yaml"), str(adjustments))
    assert "原目标 ≥20座 → 调整后 ≥15座" in shown.stdout
    done = run(
        "targets", "prefill", str(DATA / "targets-2024.yaml"), "--adjustments", str(adjustments)
    )
    data = json.loads(done.stdout)
    assert data["projects"][0]["indicators"][0]["target"]["value"] == "15"


def test_monitor_check_red_warning_exit_1() -> None:
    done = run(
        "monitor",
        "check",
        str(DATA / "round-2024-07.yaml"),
        "--targets",
        str(DATA / "targets-2024.yaml"),
        "--json",
    )
    assert done.returncode == 1
    body = json.loads(done.stdout)
    assert [a["rule"] for a in body] == ["execution-lag-red", "indicator-red", "reason-missing"]
    assert body[0]["location"]["line"] == 7


def test_rereview_and_calibrate(tmp_path: Path) -> None:
    sheet = tmp_path / "r.yaml"
    sheet.write_text(
        "rows:\n  - {key: r1, label: 预算执行率, weight: '10', self_score: '10', review_score: '6', note: 执行率78%}\n"
        "  - {key: r2, label: 满意度, weight: '10', self_score: '8', review_score: '9'}\n",
        "utf-8",
    )
    done = run("rereview", str(sheet), "--json")
    assert json.loads(done.stdout)["difference"] == "-3"
    records = tmp_path / "c.yaml"
    records.write_text(
        "records:\n  - {unit: 甲局, kind: 行政单位, year: 2023, self_score: '98', review_score: '80'}\n"
        "  - {unit: 乙局, kind: 行政单位, year: 2023, self_score: '92', review_score: '91'}\n",
        "utf-8",
    )
    body = json.loads(run("calibrate", str(records), "--year", "2023", "--json").stdout)
    assert body["groups"][0]["key"] == "甲局" and body["groups"][0]["mean_gap"] == "18.00"
    assert body["next_year_risk"]["甲局"]["points"] == "30.00"
    assert run("calibrate", str(records), "--by", "city").returncode == 2


def test_copies_command_lists_passages() -> None:
    done = run("copies", str(DATA / "copies-corpus.yaml"), "--json")
    assert done.returncode == 1
    body = json.loads(done.stdout)
    assert len(body["copies"]) == 3
    assert {n["kind"] for n in body["names"]} == {"stale_year", "other_unit"}


def test_targets_template_and_import_round_trip_with_cells(tmp_path: Path) -> None:
    book = tmp_path / "申报表.xlsx"
    done = run("targets", "template", "-o", str(book), "--from", str(DATA / "targets-2024.yaml"))
    assert done.returncode == 0 and book.exists()
    back = tmp_path / "back.yaml"
    done = run("targets", "import", str(book), "-o", str(back))
    assert done.returncode == 0, done.stdout
    assert run("targets", "lint", str(back)).returncode == 0
    import openpyxl

    edited = openpyxl.load_workbook(book)
    edited["绩效指标"]["G7"] = "≥"  # 单座公厕建设成本 written as a floor
    edited.save(book)
    done = run("targets", "import", str(book), "--json")
    assert done.returncode == 1
    [problem] = json.loads(done.stdout)["problems"]
    assert problem["code"] == "targets.cost-comparator"
    assert problem["location"]["cell"] == "绩效指标!G7"


def test_targets_template_blank_and_import_unreadable(tmp_path: Path) -> None:
    book = tmp_path / "空白.xlsx"
    done = run("targets", "template", "-o", str(book), "--year", "2026", "--unit", "某局")
    assert done.returncode == 0
    assert run("targets", "import", str(book)).returncode == 0
    text = tmp_path / "x.xlsx"
    text.write_text("不是工作簿", "utf-8")
    done = run("targets", "import", str(text))
    assert done.returncode == 2 and "不是 Excel 工作簿" in done.stdout
    assert "Traceback" not in done.stderr
