"""复核 and calibration pages: score a sampled submission row by row; see who inflates.

Thin like the other pages. The calibration table is aggregated in SQL and paginated.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jixiao.web.accounts.permissions import Action, require_reviewer
from jixiao.web.loop import selectors, services
from jixiao.web.loop.models import Rereview
from jixiao.web.submissions.selectors import submission_for

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50


def _scores(request: HttpRequest, keys: list[str]) -> dict[str, tuple[Decimal, str]]:
    scores: dict[str, tuple[Decimal, str]] = {}
    for key in keys:
        raw = (request.POST.get(f"score-{key}") or "").strip()[:20]
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise services.Refused(f"复核得分『{raw}』不是数字。") from None
        if not value.is_finite():
            raise services.Refused(f"复核得分『{raw}』不是数字。")
        scores[key] = (value, (request.POST.get(f"note-{key}") or "").strip()[:2000])
    return scores


@login_required
@require_http_methods(["GET", "POST"])
def rereview(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-review one submission: each indicator's self-score beside the reviewer's, with notes."""
    require_reviewer(request.user)
    sub = submission_for(request.user, pk, Action.REVIEW)
    rows = selectors.rereview_rows(sub)
    if request.method == "POST":
        try:
            services.save_rereview(request.user, sub, _scores(request, [r.key for r in rows]))
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存复核结果。")
            return redirect("loop:rereview", sub.pk)
    stored = Rereview.objects.filter(submission=sub).first()
    by_key = {r["key"]: r for r in stored.rows} if stored is not None else {}
    context = {"sub": sub, "rows": [(r, by_key.get(r.key, {})) for r in rows], "stored": stored}
    return render(request, "loop/rereview.html", context)


@login_required
@require_http_methods(["GET"])
def calibration(request: HttpRequest) -> HttpResponse:
    """Self-score against re-review score by unit, unit type or year; largest gap first."""
    require_reviewer(request.user)
    region = selectors.region_of(request.user)
    if region is None:
        raise PermissionDenied("没有可查看的地区")
    by = request.GET.get("by", "unit")
    if by not in selectors.GROUPS:
        by = "unit"
    page = Paginator(selectors.calibration(region, by), PAGE_SIZE).get_page(
        request.GET.get("page") or 1
    )
    context = {
        "page": page,
        "groups": [selectors.shown_group(g) for g in page.object_list],
        "by": by,
        "choices": [(k, v[1]) for k, v in selectors.GROUPS.items()],
        "region": region,
        "rules": selectors.loop_rules().calibration,
    }
    return render(request, "loop/calibration.html", context)
