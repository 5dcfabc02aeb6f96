"""What the review page shows about one submission, gathered from the library.

Problems, the score breakdown with every deduction, the risk assessment behind the
spot-check and the 结果应用 suggestion all come from the same evaluation the unit saw
(`submissions.selectors.evaluation_of`), serialised with the shared serialisers, so
the reviewer and the unit can never be shown different findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from jixiao.core import paths
from jixiao.core.model import Submission as ModelSubmission
from jixiao.core.problems import problem_to_dict
from jixiao.core.scoring import score_to_dict
from jixiao.review import Application, RiskAssessment, apply_results, risk
from jixiao.web.accounts.permissions import can
from jixiao.web.review.forms import REVIEW_MOVES, SECTION_TITLES
from jixiao.web.review.selectors import comments_of, review_rules
from jixiao.web.submissions.panel import framework_lines
from jixiao.web.submissions.selectors import evaluation_of
from jixiao.web.submissions.workflow import MOVES, Move

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.submissions.models import Submission

    User = AbstractBaseUser | AnonymousUser


@dataclass
class Assessment:
    """Everything on the review page except the submission row itself."""

    problems: list[dict[str, Any]]
    scores: list[dict[str, Any]]
    risk: RiskAssessment
    application: Application
    comments: list[dict[str, Any]]
    moves: list[Move]
    return_text: str
    frameworks: list[dict[str, str]] = field(default_factory=list)


def assess(user: User, sub: Submission) -> Assessment:
    """The review page's content for `sub`, as seen by `user` (moves they may make now)."""
    evaluation = evaluation_of(sub)
    row = replace(evaluation.summary, id=sub.pk, status=sub.status, submitted_at=sub.submitted_at)
    rules = review_rules(sub.unit.region)
    comments = [
        {
            "section": c.section,
            "title": SECTION_TITLES.get(c.section, c.section),
            "text": c.text,
            "author": (c.author.get_full_name() or c.author.get_username()) if c.author else "",
            "created": c.created,
            "version": c.version,
            "current": c.version == sub.version,
        }
        for c in comments_of(sub)
    ]
    labels = {c.framework.id: c.label for c in evaluation.frameworks if c.framework}
    return Assessment(
        problems=[_with_place(problem_to_dict(p)) for p in evaluation.problems],
        scores=[
            {**score_to_dict(s), "framework_label": labels.get(s.framework, "")}
            for s in reversed(evaluation.scores)
        ],
        risk=risk(row, rules),
        application=apply_results([row], rules)[0],
        comments=comments,
        moves=[
            MOVES[a] for a in REVIEW_MOVES if sub.status in MOVES[a].sources and can(user, a, sub)
        ],
        return_text=_return_text(comments, sub.version),
        frameworks=framework_lines(evaluation),
    )


def _with_place(problem: dict[str, Any]) -> dict[str, Any]:
    """Add `place`: the field path as a reviewer reads it ("项目第2项›绩效指标第6项›实际完成值")."""
    path = problem["location"].get("path") or ""
    problem["place"] = paths.label(ModelSubmission, path, readable=True) if path else ""
    return problem


def _return_text(comments: list[dict[str, Any]], version: int) -> str:
    """The return comment prefilled from this version's section comments, by section."""
    lines = [f"【{c['title']}】{c['text']}" for c in comments if c["version"] == version]
    return "\n".join(lines)
