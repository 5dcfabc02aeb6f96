"""Scoring: framework + submission → Score, with a Deduction for every lost point.

`engine` applies a framework (`jixiao.core.framework`, read from rules/frameworks/) to a
project or the department; `result` holds the records every surface renders (and
`score_to_dict`, their one JSON shape); `points`, `measures`, `unit_indicators` and
`tally` are the engine's parts. Pure: no file is read here.
"""

from jixiao.core.scoring.engine import score_department, score_project, score_submission
from jixiao.core.scoring.result import Deduction, LevelScore, Score, ScoreRow, score_to_dict

__all__ = [
    "Deduction",
    "LevelScore",
    "Score",
    "ScoreRow",
    "score_department",
    "score_project",
    "score_submission",
    "score_to_dict",
]
