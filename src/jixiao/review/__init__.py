"""The finance bureau's review logic: dashboard figures, spot-check sampling, 结果应用.

Pure functions over `Summary` records (`jixiao.core.evaluation`: the one dashboard record,
read back by the web layer from its stored columns)
and `ReviewRules` (loaded by `jixiao.rules.review.load_review_rules`); no Django, no file
formats, so the pages, the API and the tests share one implementation.
"""

from __future__ import annotations

from jixiao.core.review_rules import ReviewRules
from jixiao.review.application import Application, apply_results, treatment_for
from jixiao.review.dashboard import (
    ScoreGap,
    Totals,
    execution_bucket,
    execution_buckets,
    grade_distribution,
    score_gaps,
    totals,
)
from jixiao.review.grades import UNGRADED
from jixiao.review.sampling import RiskAssessment, Selected, risk, sample_size, select_sample
from jixiao.review.table import SORT_KEYS, filter_rows, sort_rows

__all__ = [
    "SORT_KEYS",
    "UNGRADED",
    "Application",
    "ReviewRules",
    "RiskAssessment",
    "ScoreGap",
    "Selected",
    "Totals",
    "apply_results",
    "execution_bucket",
    "execution_buckets",
    "filter_rows",
    "grade_distribution",
    "risk",
    "sample_size",
    "score_gaps",
    "select_sample",
    "sort_rows",
    "totals",
    "treatment_for",
]
