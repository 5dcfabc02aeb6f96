"""Public pages: published reports by region and year, each report, open data.

No sign-in: everything here reads published copies only (`selectors`), which were
redacted when published. A published HTML report is a whole document of its own; it is
served as its own response under a strict Content-Security-Policy (no script at all,
inline styles only, which the report renderer uses) and shown in a sandboxed iframe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from jixiao.web.publishing import opendata, selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
"""For a published HTML report: it may style itself inline and nothing else; only this
site may frame it (the detail page's iframe), together with X-Frame-Options SAMEORIGIN."""


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Regions and years with published reports."""
    return render(request, "publishing/index.html", {"region_years": selectors.region_years()})


@require_GET
def region(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The published reports of one region and year, with score, grade and links."""
    found = selectors.region_by_code(code)
    items = list(selectors.publications_in(found, year))
    context = {"region": found, "year": year, "publications": items}
    return render(request, "publishing/region.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published report: figures, the 涉密 note, its documents (HTML shown inline)."""
    pub = selectors.publication(pk)
    reports = selectors.reports_of(pub)
    shown = next((r.html for r in reports if r.html is not None), None)
    context = {"pub": pub, "reports": reports, "shown": shown}
    return render(request, "publishing/detail.html", context)


@require_GET
@xframe_options_sameorigin
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """One published file: HTML inline under DOCUMENT_POLICY, anything else as a download."""
    doc = selectors.document(pk)
    response = HttpResponse(bytes(doc.content), content_type=doc.content_type)
    if doc.file_name.endswith(".html"):
        response["Content-Security-Policy"] = DOCUMENT_POLICY
        disposition = "inline"
    else:
        disposition = "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="report.{doc.file_name.rsplit(".", 1)[-1]}"; '
        f"filename*=UTF-8''{quote(doc.file_name)}"
    )
    return response


@require_GET
def open_data(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """Targets, actuals, weights and scores of a region's published reports (JSON or CSV)."""
    if fmt not in ("json", "csv"):
        raise Http404
    found = selectors.region_by_code(code)
    items = list(selectors.publications_in(found, year))
    name = f"open-data-{found.code}-{year}.{fmt}"
    if fmt == "json":
        response: HttpResponse = JsonResponse(
            opendata.as_json(found, year, items), json_dumps_params={"ensure_ascii": False}
        )
    else:
        response = HttpResponse(opendata.as_csv(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
