"""运行监控 pages: the bureau sets rounds; a unit fills a round; the bureau's warning board.

Thin: forms → services → selectors → templates. The board is paginated and reads the
warning counts stored with each filing; the warnings of the page's units come in one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jixiao.web.accounts.permissions import require_reviewer, require_unit_user
from jixiao.web.loop import forms, selectors, services
from jixiao.web.loop.models import MonitoringRound, RoundFiling, TargetFiling

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from jixiao.core.problems import Problem

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def rounds(request: HttpRequest) -> HttpResponse:
    """A unit's monitoring rounds (set by its region's bureau) and whether it has filled them."""
    require_unit_user(request.user)
    unit = selectors.own_unit(request.user)
    if unit is None:
        return redirect("loop:review_rounds")
    listed = MonitoringRound.objects.filter(region_id=unit.region_id).order_by(
        "-fiscal_year", "-months"
    )
    filed = {f.round_id: f for f in RoundFiling.objects.filter(unit=unit, round__in=listed)}
    rows = [(r, filed.get(r.pk)) for r in listed]
    return render(request, "loop/rounds.html", {"rows": rows, "unit": unit})


def _subjects(unit_id: int, year: int) -> tuple[list[str], list[tuple[str, str, str]], bool]:
    filing = TargetFiling.objects.filter(unit_id=unit_id, fiscal_year=year).first()
    locked = None if filing is None else selectors.locked_targets(filing)
    if locked is None:
        return [""], [], False
    subjects = ["", *(p.name for p in locked.adjusted.projects)]
    indicators = [
        (owner, ind.name, ind.target.display(ind.unit) if ind.target else "")
        for owner, _path, ind in locked.adjusted.indicators()
    ]
    return subjects, indicators, True


@login_required
@require_http_methods(["GET", "POST"])
def round_fill(request: HttpRequest, pk: int) -> HttpResponse:
    """One round for the unit: spending to date per project, indicator forecasts, warnings."""
    require_unit_user(request.user)
    unit = selectors.own_unit(request.user)
    round_ = get_object_or_404(MonitoringRound, pk=pk)
    if unit is None or unit.region_id != round_.region_id:
        raise PermissionDenied("该监控轮次不属于本单位所在地区")
    subjects, indicators, has_targets = _subjects(unit.pk, round_.fiscal_year)
    problems: list[Problem] = []
    if request.method == "POST":
        data = forms.round_from_post(request.POST, subjects, [(o, n) for o, n, _t in indicators])
        try:
            filing, problems = services.save_round(request.user, round_, unit, data)
        except services.Refused as exc:
            messages.error(request, exc.message)
            return redirect("loop:round_fill", round_.pk)
        if not problems:
            messages.success(
                request, f"已保存：红色预警{filing.red}项，黄色预警{filing.yellow}项。"
            )
            return redirect("loop:round_fill", round_.pk)
    current = RoundFiling.objects.filter(round=round_, unit=unit).first()
    stored = current.data if current is not None else {}
    spend = {
        str(s.get("project", "")): s for s in stored.get("spending") or [] if isinstance(s, dict)
    }
    progress = {
        (str(p.get("project", "")), str(p.get("indicator", ""))): p
        for p in stored.get("indicators") or []
        if isinstance(p, dict)
    }
    context = {
        "round": round_,
        "has_targets": has_targets,
        "spending": [(i, s or "部门整体", spend.get(s, {})) for i, s in enumerate(subjects)],
        "indicators": [
            (i, o or "部门整体", n, t, progress.get((o, n), {}))
            for i, (o, n, t) in enumerate(indicators)
        ],
        "alerts": [] if current is None else current.alerts.all(),
        "filing": current,
        "problems": problems,
    }
    return render(request, "loop/round_fill.html", context, status=400 if problems else 200)


@login_required
@require_http_methods(["GET", "POST"])
def review_rounds(request: HttpRequest) -> HttpResponse:
    """The bureau's rounds with warning totals; POST sets a new round."""
    require_reviewer(request.user)
    region = selectors.region_of(request.user)
    if region is None:
        raise PermissionDenied("没有可管理的地区")
    if request.method == "POST":
        year, months = request.POST.get("year", ""), request.POST.get("months", "")
        try:
            if not (year.isdigit() and months.isdigit()):
                raise services.Refused("请填写年度和截至月份。")
            services.create_round(
                request.user, region, int(year), request.POST.get("name", ""), int(months)
            )
            messages.success(request, "已设置监控轮次，单位可以填报。")
        except services.Refused as exc:
            messages.error(request, exc.message)
        return redirect("loop:review_rounds")
    now = timezone.localdate().year
    context = {
        "rounds": selectors.rounds_of(region),
        "region": region,
        "years": range(now + 1, now - 6, -1),
    }
    return render(request, "loop/review_rounds.html", context)


@login_required
@require_http_methods(["GET"])
def board(request: HttpRequest, pk: int) -> HttpResponse:
    """A round's warning board: units by red then yellow warnings, each with its warnings."""
    require_reviewer(request.user)
    region = selectors.region_of(request.user)
    round_ = get_object_or_404(MonitoringRound, pk=pk)
    if not _admin(request) and (region is None or round_.region_id != region.pk):
        raise PermissionDenied("该监控轮次不属于本地区")
    level = request.GET.get("level", "")
    rows = selectors.round_board(round_)
    if level == "red":
        rows = rows.filter(red__gt=0)
    elif level == "yellow":
        rows = rows.filter(yellow__gt=0)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page") or 1)
    filings = list(page.object_list)
    alerts = selectors.alerts_for(filings)
    context = {
        "round": round_,
        "page": page,
        "rows": [(f, alerts[f.pk]) for f in filings],
        "totals": selectors.round_totals(round_),
        "level": level,
    }
    return render(request, "loop/board.html", context)


def _admin(request: HttpRequest) -> bool:
    from jixiao.web.accounts.permissions import role_of

    return role_of(request.user) == "admin"
