"""`jixiao check` end to end: exit codes, the Yiyang contradictions, the JSON shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.conftest import EXAMPLES, Ran, run_cli, run_process

from jixiao.formats.schema import problems_schema

YIYANG = EXAMPLES / "yiyang-justice-2022.yaml"
CONSISTENT = EXAMPLES / "xiangjiang-justice-2023.yaml"


run = run_cli


def _json(result: Ran) -> Any:
    return json.loads(result.stdout)


def test_yiyang_exits_1_and_reports_the_four_contradictions_with_exact_figures() -> None:
    result = run("check", str(YIYANG), "--json")
    assert result.returncode == 1
    doc = _json(result)
    jsonschema.validate(doc, problems_schema())
    by_code: dict[str, list[dict[str, Any]]] = {}
    for problem in doc["problems"]:
        by_code.setdefault(problem["code"], []).append(problem)
    sums = {
        (p["location"]["path"], p["expected"], p["actual"], p["difference"])
        for p in by_code["totals.sum-mismatch"]
    }
    # basic 3879.77 + project 1269.39 = 5149.16 vs total 5465.60
    assert ("finance.expenditure.total", "5465.6", "5149.16", "-316.44") in sums
    # four economic classes 5409.82 vs 5465.60
    assert ("finance.expenditure.total", "5465.6", "5409.82", "-55.78") in sums
    # three 基本支出 items 5211.46 vs 3879.77
    assert ("finance.expenditure.basic.total", "3879.77", "5211.46", "1331.69") in sums
    # 项目支出 1201.79 in two places vs 1269.39
    restated = by_code["consistency.restatement-differs"]
    assert {(p["expected"], p["actual"], p["difference"]) for p in restated} == {
        ("1269.39", "1201.79", "-67.6")
    }
    assert all("相差67.60万元" in p["message"] for p in restated)
    assert {p["location"]["line"] for p in restated} == {135, 139}


def test_yiyang_text_output_names_places_and_differences() -> None:
    result = run("check", str(YIYANG))
    assert result.returncode == 1
    for text in (
        "相差316.44万元",
        "相差55.78万元",
        "相差1331.69万元",
        "相差67.60万元",
        "yiyang-justice-2022.yaml:37",
        "[bookmark: _GoBack]",
        "2023年度",
        "C:\\Users",
    ):
        assert text in result.stdout


def test_consistent_example_exits_0() -> None:
    result = run("check", str(CONSISTENT))
    assert result.returncode == 0, result.stdout
    assert "未发现问题" in result.stdout


def test_unreadable_file_exits_2_with_chinese_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("unit: {name: [\n", encoding="utf-8")
    result = run_process("check", str(bad), "--json")  # the real entry point, once
    assert result.returncode == 2
    doc = _json(result)
    jsonschema.validate(doc, problems_schema())
    assert doc["problems"][0]["code"] == "load.syntax"
    assert "Traceback" not in result.stderr


def test_several_files_give_a_list_and_the_worst_exit_code(tmp_path: Path) -> None:
    result = run("check", str(CONSISTENT), str(YIYANG), str(tmp_path / "missing.yaml"), "--json")
    assert result.returncode == 2
    docs = _json(result)
    assert [d["counts"]["error"] > 0 for d in docs] == [False, True, True]
    for doc in docs:
        jsonschema.validate(doc, problems_schema())


def test_select_limits_the_codes_reported() -> None:
    result = run("check", str(YIYANG), "--json", "--select", "consistency")
    assert {p["code"] for p in _json(result)["problems"]} == {"consistency.restatement-differs"}


def test_a_broken_profile_is_reported_with_file_and_line(tmp_path: Path) -> None:
    profile = tmp_path / "region.yaml"
    profile.write_text(
        "id: region\ntolerance: {value: '0.01'}\ngrade_bands: {reference: x, bands: []}\n",
        encoding="utf-8",
    )
    result = run("check", str(CONSISTENT), "--profile", str(profile))
    assert result.returncode == 2
    assert "rules.missing-reference" in result.stdout and f"{profile}:2" in result.stdout
    # Bands are named by id (rules/grades/), never written inline a second time.
    assert "rules.wrong-type" in result.stdout and f"{profile}:3" in result.stdout


@pytest.mark.parametrize("args", [("schema",), ("schema", "--problems")])
def test_schema_commands_print_valid_json_schema(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 0
    jsonschema.Draft202012Validator.check_schema(_json(result))


def test_examples_validate_against_the_published_schema() -> None:
    import yaml

    schema = _json(run("schema"))
    for example in EXAMPLES.glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(example.read_text(encoding="utf-8")), schema)
