"""Stored objects as API JSON: submissions, pages of lists, publications.

Decimals are written as text (as `Summary.as_dict` and `score_to_dict` do), so no client
turns money into floats; the shapes are described in `openapi.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from jixiao.web.api.http import ApiError
from jixiao.web.publishing.opendata import unit_summary

if TYPE_CHECKING:
    from decimal import Decimal

    from django.db.models import QuerySet
    from django.http import HttpRequest

    from jixiao.web.publishing.models import Publication
    from jixiao.web.submissions.models import Submission

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def submission_summary(sub: Submission) -> dict[str, Any]:
    """The dashboard figures of the current version (computed on save)."""
    return {
        "score": _text(sub.score),
        "grade": sub.grade,
        "stated_score": _text(sub.stated_score),
        "stated_grade": sub.stated_grade,
        "execution_rate": _text(sub.execution_rate),
        "total_expenditure": _text(sub.total_expenditure),
        "projects": sub.projects,
        "errors": sub.errors,
        "warnings": sub.warnings,
        "infos": sub.infos,
    }


def submission_to_dict(sub: Submission, *, with_data: bool = False) -> dict[str, Any]:
    """One submission; `data` (the whole tree) only on the single-object endpoints."""
    body: dict[str, Any] = {
        "id": sub.pk,
        "unit": {"id": sub.unit_id, "code": sub.unit.code, "name": sub.unit.name},
        "fiscal_year": sub.fiscal_year,
        "status": sub.status,
        "status_label": sub.get_status_display(),
        "version": sub.version,
        "updated_at": sub.updated_at.isoformat(),
        "submitted_at": None if sub.submitted_at is None else sub.submitted_at.isoformat(),
        "summary": submission_summary(sub),
        "url": reverse("api:submission", kwargs={"pk": sub.pk}),
    }
    if with_data:
        body["data"] = sub.data
    return body


def publication_to_dict(pub: Publication) -> dict[str, Any]:
    """A published copy as the public sees it (no classified item is in it)."""
    return {
        "id": pub.pk,
        "region": {"code": pub.region.code, "name": pub.region.name},
        "fiscal_year": pub.fiscal_year,
        **unit_summary(pub),
        "url": reverse("publishing:detail", kwargs={"pk": pub.pk}),
    }


def _positive(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise ApiError(400, "invalid_parameter", f"参数 {name} 应为正整数。", field=name)
    return int(raw)


def page_of(request: HttpRequest, items: QuerySet[Any], convert: Any) -> dict[str, Any]:
    """One page of a list: ?page=1&page_size=50 (at most 200), with the total count."""
    page = _positive(request, "page", 1)
    size = min(_positive(request, "page_size", PAGE_SIZE), MAX_PAGE_SIZE)
    count = items.count()
    start = (page - 1) * size
    results = [convert(item) for item in items[start : start + size]]
    return {
        "count": count,
        "page": page,
        "page_size": size,
        "next": page + 1 if start + size < count else None,
        "previous": page - 1 if page > 1 else None,
        "results": results,
    }
