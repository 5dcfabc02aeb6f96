"""`jixiao score` text output for a unit with many projects: full tables for the first
`DETAILED`, one line for each of the rest, the department in full, every project in --json."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import yaml
from tests.conftest import EXAMPLES, run_cli

from jixiao.cli.score import DETAILED

if TYPE_CHECKING:
    from pathlib import Path


def test_many_projects_print_tables_for_the_first_and_one_line_for_the_rest(
    tmp_path: Path,
) -> None:
    data = yaml.safe_load((EXAMPLES / "xiangjiang-justice-2023.yaml").read_text(encoding="utf-8"))
    template = data["projects"][0]
    count = DETAILED + 7
    data["projects"] = [{**template, "name": f"项目{i:03d}"} for i in range(count)]
    file = tmp_path / "many.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    text = run_cli("score", str(file)).stdout
    tables = [f"项目「项目{i:03d}」（" for i in range(count)]
    assert [t in text for t in tables] == [True] * DETAILED + [False] * 7
    assert "其余 7 个项目（逐项得分和扣分明细：--project 项目名称，或 --json）：" in text
    brief = [line for line in text.splitlines() if line.startswith("  项目「项目")]
    assert [line.split("」")[0] for line in brief] == [
        f"  项目「项目{i:03d}" for i in range(DETAILED, count)
    ]
    assert all("总分 " in line and "等级 " in line and "扣分 " in line for line in brief)
    assert "部门整体（" in text.split("其余 7 个项目")[1]  # the department still in full

    one = run_cli("score", str(file), "--project", f"项目{count - 1:03d}").stdout
    assert f"项目「项目{count - 1:03d}」（" in one and "其余" not in one
    scores = json.loads(run_cli("score", str(file), "--json").stdout)["scores"]
    assert len(scores) == count + 1
