"""The form's 计算得分 suggestion and the scoring check agree on every stated score.

The suggestion once compared the stated score for exact equality while the check accepts
an honest rounding (99.8 for 99.79), so a clerk was offered [采用] beside a score that
no check faulted. Both now ask `core.scoring.result.stated_score_agrees`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.core.checks import CheckOptions
from jixiao.formats.source import read_data
from jixiao.pipeline.evaluating import evaluate
from jixiao.pipeline.loading import load
from jixiao.rules.profiles import load_options
from jixiao.web.submissions.sums import suggestions

EXAMPLE = Path(__file__).parents[3] / "examples" / "xiangjiang-justice-2023.yaml"
PATH = "projects[0].stated_score"


def _evaluate(stated: str) -> tuple[bool, bool, CheckOptions]:
    data: Any = read_data(EXAMPLE).data
    data["projects"][0]["stated_score"] = stated
    options = load_options()
    evaluation = evaluate(load(data), profile=options)
    [offer] = suggestions(evaluation, options)[PATH]
    flagged = any(
        p.code == "scoring.stated-score-differs" and p.location.path == PATH
        for p in evaluation.problems
    )
    return offer.agrees, flagged, options


@pytest.mark.parametrize("stated", ["99.79", "99.8", "100", "99.7", "99.9", "99.78"])
def test_the_suggestion_agrees_exactly_when_the_check_is_silent(stated: str) -> None:
    agrees, flagged, _ = _evaluate(stated)
    assert agrees is not flagged


def test_an_honest_rounding_is_not_offered_for_taking() -> None:
    assert _evaluate("99.8")[0] is True
    assert _evaluate("99.7")[0] is False
