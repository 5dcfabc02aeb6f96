"""文字比对 pages for the bureau: the flagged self-evaluations, and one side by side.

The list shows the year's self-evaluations with copied or stale text; a self-evaluation's
page shows each copy beside the other text, the shared passages marked.

Thin: the scan is `copy_scan.scan` (a POST), the pages read stored findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jixiao.web.accounts.permissions import Action, require_reviewer
from jixiao.web.loop import copy_scan, selectors
from jixiao.web.loop.models import TextFinding
from jixiao.web.review.highlight import pieces
from jixiao.web.submissions.models import Submission
from jixiao.web.submissions.selectors import submission_for
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from jixiao.web.accounts.models import Region

PAGE_SIZE = 50
MARK = {"copy": "shared", "stale_year": "stale", "other_name": "foreign"}


def _year(request: HttpRequest, region: Region) -> int | None:
    raw = (request.POST.get("year") or request.GET.get("year") or "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    latest = (
        Submission.objects.filter(unit__region=region)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    return None if latest is None else int(latest)


@login_required
@require_http_methods(["GET", "POST"])
def copies(request: HttpRequest) -> HttpResponse:
    """The region's self-evaluations with copied text, stale years or other units' names."""
    require_reviewer(request.user)
    region = selectors.region_of(request.user)
    if region is None:
        raise PermissionDenied("没有可查看的地区")
    year = _year(request, region)
    if request.method == "POST" and year is not None:
        try:
            done = copy_scan.scan(request.user, region, year)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                f"已比对{done.scan.submissions}份自评的{done.scan.texts}段文字，"
                f"发现{sum(done.counts.values())}处需要核实。",
            )
        return redirect(f"{reverse('loop:copies')}?year={year}")
    scan = copy_scan.latest_scan(region, year)
    page = (
        Paginator(copy_scan.flagged(scan), PAGE_SIZE).get_page(request.GET.get("page") or 1)
        if scan is not None
        else None
    )
    years = sorted(
        set(Submission.objects.filter(unit__region=region).values_list("fiscal_year", flat=True)),
        reverse=True,
    )
    context = {"region": region, "year": year, "years": years, "scan": scan, "page": page}
    return render(request, "loop/copies.html", context)


def _marked(text: str, spans: list[list[int]], css: str, extra: list[tuple[int, int, str]]) -> Any:
    """Pieces of a text: the shared passages, then stale years and other names inside."""
    marks = [{"location": {"start": s, "end": e}, "severity": css} for s, e in spans]
    marks += [{"location": {"start": s, "end": e}, "severity": c} for s, e, c in extra]
    return pieces(text, marks)


@login_required
@require_http_methods(["GET"])
def copy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One self-evaluation's findings: each copy beside the other text, shared parts marked."""
    require_reviewer(request.user)
    sub = submission_for(request.user, pk, Action.REVIEW)
    scan = copy_scan.latest_scan(sub.unit.region, sub.fiscal_year)
    if scan is None:
        messages.info(request, f"{sub.fiscal_year}年度还没有做文字比对。")
        return redirect(f"{reverse('loop:copies')}?year={sub.fiscal_year}")
    findings = copy_scan.findings_of(scan, sub)
    # Stale years and other names of each section, to mark inside the copies' texts too.
    names: dict[str, list[tuple[int, int, str]]] = {}
    for f in findings:
        if f.kind in (TextFinding.Kind.STALE_YEAR, TextFinding.Kind.OTHER_NAME):
            names.setdefault(f.section, []).extend((s, e, MARK[f.kind]) for s, e in f.spans)
    copies_found = [
        {
            "finding": f,
            "own": _marked(f.text, f.spans, "shared", names.get(f.section, [])),
            "other": _marked(f.other_text, f.other_spans, "shared", []),
        }
        for f in findings
        if f.kind in (TextFinding.Kind.COPY_UNIT, TextFinding.Kind.COPY_YEAR)
    ]
    # One block per section for stale years and other names: the text once, all marked.
    others: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.kind in (TextFinding.Kind.STALE_YEAR, TextFinding.Kind.OTHER_NAME):
            block = others.setdefault(
                f.section, {"section": f.section, "serious": False, "found": [], "text": f.text}
            )
            block["serious"] = block["serious"] or f.serious
            block["found"].append((f.get_kind_display(), f.found))
    for block in others.values():
        block["text"] = _marked(block["text"], [], "", names.get(block["section"], []))
    context = {"sub": sub, "scan": scan, "copies": copies_found, "others": list(others.values())}
    return render(request, "loop/copy_detail.html", context)
