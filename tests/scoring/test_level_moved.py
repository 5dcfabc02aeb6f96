"""成本指标 written as 一级 (common since 2021) is scored under 产出指标, with a note."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from jixiao.formats.submission_file import load_submission
from jixiao.pipeline import evaluate, load

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "xiangjiang-justice-2023.yaml"


def _data() -> dict[str, Any]:
    loaded = load_submission(EXAMPLE).submission
    assert loaded is not None
    return loaded.model_dump(mode="json", exclude_defaults=True)


def test_cost_indicator_as_level_one_keeps_its_points_and_is_noted() -> None:
    base = _data()
    index = next(
        i for i, ind in enumerate(base["projects"][0]["indicators"]) if ind["level1"] == "产出指标"
    )
    moved = copy.deepcopy(base)
    moved["projects"][0]["indicators"][index]["level1"] = "成本指标"
    before, after = evaluate(load(base)), evaluate(load(moved))
    assert after.scores[0].total == before.scores[0].total
    notes = [p for p in after.problems if p.code == "scoring.level-moved"]
    assert [p.location.path for p in notes] == [f"projects[0].indicators[{index}].level1"]
    assert notes[0].severity.value == "info"
    assert "已按“产出指标”下的二级指标“成本指标”计分" in notes[0].message
    assert not any(p.code == "scoring.unmatched-indicator" for p in after.problems)
