"""Publishing: freeze the redacted public copy of an approved submission.

Called only by the workflow move to 已公开 (`submissions.services.move`), inside its
transaction, so a submission is never 已公开 without its public copy. 涉密 projects are
removed from the public data, from the open data and from the rendered reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.core.redaction import redacted_data, unclassified_scores
from jixiao.core.scoring import score_to_dict
from jixiao.web.publishing.models import PUBLICATION_COLUMNS, Publication, PublishedDocument
from jixiao.web.submissions.reports import CONTENT_TYPES, render_submission
from jixiao.web.submissions.selectors import evaluation_of

if TYPE_CHECKING:
    from jixiao.core.evaluation import Evaluation
    from jixiao.web.submissions.models import Submission

PUBLIC_FORMATS = ("docx", "html")


class PublishError(Exception):
    """The public copy could not be made (the reports were refused)."""


def open_data(evaluation: Evaluation) -> dict[str, Any]:
    """Targets, actuals and scores of the public copy: department and non-涉密 projects."""
    scores = unclassified_scores(evaluation.scores, evaluation.submission)
    return {
        "summary": evaluation.summary.as_dict(),
        "scores": [score_to_dict(s) for s in scores],
    }


def publish_copy(sub: Submission) -> Publication:
    """Create (or replace) the public copy of `sub` from its current data."""
    evaluation = evaluation_of(sub)
    public, removed = redacted_data(sub.data)
    rendered = render_submission(sub, PUBLIC_FORMATS, redacted=True)
    if rendered.refused:
        raise PublishError(
            "报告生成失败，无法公开：" + "；".join(p.message for p in rendered.problems[:3])
        )
    Publication.objects.filter(submission=sub).delete()
    publication = Publication.objects.create(
        submission=sub,
        region_id=sub.unit.region_id,
        fiscal_year=sub.fiscal_year,
        unit_name=sub.unit.name,
        version=sub.version,
        **evaluation.summary.pick(PUBLICATION_COLUMNS),
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
