"""Publishing: freeze the redacted public copy of an approved submission.

Called only by the workflow move to 已公开 (`submissions.services.move`), inside its
transaction, so a submission is never 已公开 without its public copy. 涉密 projects are
removed from the public data, from the open data and from the rendered reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.core.score import score_to_dict
from jixiao.web.publishing.models import Publication, PublishedDocument
from jixiao.web.submissions.reports import CONTENT_TYPES, render_submission
from jixiao.web.submissions.selectors import evaluation_of

if TYPE_CHECKING:
    from jixiao.core.evaluation import Evaluation
    from jixiao.web.submissions.models import Submission

PUBLIC_FORMATS = ("docx", "html")


class PublishError(Exception):
    """The public copy could not be made (the reports were refused)."""


def redact(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The data without 涉密 projects, and how many were removed."""
    projects = data.get("projects")
    if not isinstance(projects, list):
        return dict(data), 0
    kept = [p for p in projects if not (isinstance(p, dict) and p.get("classified") is True)]
    return {**data, "projects": kept}, len(projects) - len(kept)


def open_data(evaluation: Evaluation) -> dict[str, Any]:
    """Targets, actuals and scores of the public copy: department and non-涉密 projects."""
    sub = evaluation.submission
    projects = sub.projects if sub is not None else ()
    # A score's `subject` is a label (项目「…」), its `path` the project's place in the data:
    # match on the path, the name alone would let a 涉密 project's scores through.
    hidden = {f"projects[{i}]" for i, p in enumerate(projects) if p.classified}
    return {
        "summary": evaluation.summary.as_dict(),
        "scores": [score_to_dict(s) for s in evaluation.scores if s.path not in hidden],
    }


def publish_copy(sub: Submission) -> Publication:
    """Create (or replace) the public copy of `sub` from its current data."""
    evaluation = evaluation_of(sub)
    public, removed = redact(sub.data)
    rendered = render_submission(sub, PUBLIC_FORMATS, public=True)
    if rendered.refused:
        raise PublishError(
            "报告生成失败，无法公开：" + "；".join(p.message for p in rendered.problems[:3])
        )
    Publication.objects.filter(submission=sub).delete()
    summary = evaluation.summary
    publication = Publication.objects.create(
        submission=sub,
        region_id=sub.unit.region_id,
        fiscal_year=sub.fiscal_year,
        unit_name=sub.unit.name,
        version=sub.version,
        score=summary.score,
        grade=summary.grade,
        stated_score=summary.stated_score,
        stated_grade=summary.stated_grade,
        execution_rate=summary.execution_rate,
        public_data=public,
        open_data=open_data(evaluation),
        redacted_projects=removed,
    )
    for file in rendered.files:
        PublishedDocument.objects.create(
            publication=publication,
            slug=file.slug[:64],
            title=file.title or file.name,
            file_name=file.name,
            content_type=CONTENT_TYPES[file.suffix],
            content=file.content,
        )
    return publication
