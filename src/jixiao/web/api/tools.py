"""Stateless API tools: check or score a data tree, audit a document, list publications.

`check` and `score` store nothing: an integrating system sends a data tree and gets back
exactly what the pages would show for it (the pipeline's `evaluate`, the problem JSON
shape, `score_to_dict`). The audit goes through the review service, so it keeps the same
reviewer-only rule, the same size limits and the same stored run as the upload page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.problems import problems_to_dict
from jixiao.core.scoring import score_to_dict
from jixiao.web.accounts.permissions import require_reviewer
from jixiao.web.api.http import (
    ApiError,
    BodyField,
    check_length,
    endpoint,
    ok,
    read_body,
    upload_limit,
)
from jixiao.web.api.serializers import page_of, publication_to_dict
from jixiao.web.api.views import check_data
from jixiao.web.publishing.selectors import published
from jixiao.web.review.services import MAX_FILES, audit_uploads
from jixiao.web.submissions.selectors import evaluate_data

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@endpoint("POST")
def check(request: HttpRequest) -> HttpResponse:
    """Problems of a data tree (nothing stored)."""
    body = read_body(request, BodyField("data", "object", True))
    check_data(body["data"])
    found = evaluate_data(body["data"])
    return ok(problems_to_dict(found.problems, source="api"))


@endpoint("POST")
def score_data(request: HttpRequest) -> HttpResponse:
    """Scores of a data tree (nothing stored); problems too, as scoring may be partial."""
    body = read_body(request, BodyField("data", "object", True))
    check_data(body["data"])
    found = evaluate_data(body["data"])
    return ok(
        {
            "summary": found.summary.as_dict(),
            "scores": [score_to_dict(s) for s in found.scores],
            "problems": problems_to_dict(found.problems, source="api"),
        }
    )


@endpoint("POST")
def audit(request: HttpRequest) -> HttpResponse:
    """Audit uploaded report documents (multipart field `files`); findings per file."""
    require_reviewer(request.user)
    check_length(request, upload_limit() * MAX_FILES)
    if request.content_type != "multipart/form-data":
        raise ApiError(
            415, "unsupported_media_type", "请以 multipart/form-data 上传文件（字段名 files）。"
        )
    unknown = [name for name in (*request.POST, *request.FILES) if name != "files"]
    if unknown:
        raise ApiError(400, "unknown_field", f"未知字段“{unknown[0]}”。", field=unknown[0])
    outcome = audit_uploads(request.user, request.FILES.getlist("files"))
    if not outcome.runs:
        status = 413 if any("上限" in t for t in outcome.refused) else 400
        code = "payload_too_large" if status == 413 else "bad_upload"
        raise ApiError(status, code, "；".join(outcome.refused) or "没有可核查的文件。")
    return ok(
        {
            "results": [
                {
                    "id": run.pk,
                    "file_name": run.file_name,
                    "sha256": run.sha256,
                    "unreadable": run.unreadable,
                    "findings": run.findings,
                }
                for run in outcome.runs
            ],
            "refused": outcome.refused,
        }
    )


@endpoint("GET", public=True)
def publications(request: HttpRequest) -> HttpResponse:
    """Published public copies (anyone, no sign-in); filters region (code) and year."""
    items = published()
    region = request.GET.get("region")
    if region:
        items = items.filter(region__code=region)
    year = request.GET.get("year")
    if year:
        if not (year.isdigit() and len(year) == 4):
            raise ApiError(400, "invalid_parameter", "year 应为四位年份。", field="year")
        items = items.filter(fiscal_year=int(year))
    return ok(page_of(request, items, publication_to_dict))
