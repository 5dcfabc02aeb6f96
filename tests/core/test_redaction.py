"""The one redaction: which projects are 涉密, what a public copy keeps, how text is masked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.core.model import Grade, Submission
from jixiao.core.redaction import (
    REDACTED_PROJECT,
    classified_names,
    hidden_paths,
    is_classified,
    redact_text,
    redacted_data,
    unclassified_projects,
    unclassified_scores,
)
from jixiao.core.scoring import Score


@pytest.mark.parametrize(
    ("flag", "hidden"),
    [
        (True, True),
        ("true", True),  # the old raw-dict test (`is True`) let this one through
        ("True", True),
        ("yes", True),
        (1, True),
        ("是", True),  # the model cannot read it: fail closed
        (None, True),
        ({"x": 1}, True),
        (False, False),
        ("false", False),
        (0, False),
    ],
)
def test_a_stored_flag_reads_as_the_model_reads_it_and_fails_closed(
    flag: object, hidden: bool
) -> None:
    assert is_classified(flag) is hidden
    data: dict[str, Any] = {"projects": [{"name": "甲"}, {"name": "乙", "classified": flag}]}
    kept, removed = redacted_data(data)
    assert [p["name"] for p in kept["projects"]] == (["甲"] if hidden else ["甲", "乙"])
    assert removed == int(hidden)
    assert len(data["projects"]) == 2  # the stored tree itself is untouched


def test_public_data_drops_items_that_are_not_projects() -> None:
    kept, removed = redacted_data({"projects": [{"name": "甲"}, "乙", 3]})
    assert kept["projects"] == [{"name": "甲"}] and removed == 2
    assert redacted_data({"projects": "none"}) == ({"projects": "none"}, 0)


def _sub() -> Submission:
    return Submission.model_validate(
        {
            "fiscal_year": 2022,
            "unit": {"name": "单位"},
            "projects": [
                {"name": "公开项目"},
                {"name": "涉密", "classified": "true"},
                {"name": "涉密工程", "classified": True},
            ],
        }
    )


def _score(path: str) -> Score:
    return Score(path, path, "fw", Decimal(90), Grade.EXCELLENT, (), (), ())


def test_model_helpers_agree_on_the_same_projects() -> None:
    sub = _sub()
    assert [p.name for p in unclassified_projects(sub.projects)] == ["公开项目"]
    assert classified_names(sub) == ("涉密", "涉密工程")
    assert hidden_paths(sub) == {"projects[1]", "projects[2]"}
    scores = [_score(p) for p in ("projects[0]", "projects[1]", "projects[2]", "self_evaluation")]
    assert [s.path for s in unclassified_scores(scores, sub)] == ["projects[0]", "self_evaluation"]


def test_text_redaction_replaces_longer_names_first() -> None:
    text = "涉密工程的资金与涉密的资金"
    masked = redact_text(text, ["涉密", "涉密工程"])
    assert masked == f"{REDACTED_PROJECT}的资金与{REDACTED_PROJECT}的资金"
    assert redact_text("无关", ["", "x"]) == "无关"
