"""Notifications, the bureau's 未报送/催报 list and its deadline form.

Thin: permissions through `accounts.permissions`, reads through `selectors`, writes
through `services`; a refusal is a message, never an error page.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.accounts.models import Region
from jixiao.web.accounts.permissions import membership, require_reviewer
from jixiao.web.jobs.kinds import reminders
from jixiao.web.notices import selectors, services
from jixiao.web.review.selectors import scope_for
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; unread ones marked."""
    page = Paginator(selectors.notifications(request.user), PAGE_SIZE).get_page(
        request.GET.get("page") or 1
    )
    context = {"page": page, "todos": selectors.todos(request.user)}
    return render(request, "notices/list.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the user's notifications read."""
    n = services.mark_read(request.user)
    messages.success(request, f"已将{n}条通知标为已读。" if n else "没有未读通知。")
    return redirect("notices:list")


def _year(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


def _own_region(request: HttpRequest) -> Region | None:
    found = membership(request.user)
    return None if found is None else found.region


def _region(request: HttpRequest, raw: str | None) -> Region | None:
    found = membership(request.user)
    if found is not None and found.region is not None:
        return found.region
    text = (raw or "").strip()
    regions = Region.objects.all()
    chosen = regions.filter(pk=int(text)).first() if text.isdigit() else None
    return chosen or regions.first()


@login_required
@require_GET
def missing(request: HttpRequest) -> HttpResponse:
    """未报送/催报: the region's units whose submission of the year has not reached the bureau."""
    require_reviewer(request.user)
    region = _region(request, request.GET.get("region"))
    scope = scope_for(request.user, None, region.pk if region else None)
    latest = (
        region.deadlines.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
        if region
        else None
    )
    year = _year(request.GET.get("year")) or scope.year or latest or timezone.localdate().year - 1
    units = list(selectors.missing_units(region, year)) if region else []
    states = dict(
        Submission.objects.filter(fiscal_year=year, unit__in=units).values_list("unit_id", "status")
    )
    labels = dict(Submission._meta.get_field("status").choices or [])
    rows = [
        {"unit": u, "status": states.get(u.pk), "label": labels.get(states.get(u.pk), "未建立")}
        for u in units
    ]
    context = {
        "region": region,
        "regions": [] if _own_region(request) else list(Region.objects.all()),
        "year": year,
        "years": sorted({year, *scope.years, *([latest] if latest else [])}, reverse=True),
        "rows": rows,
        "deadline": selectors.region_deadline(region, year),
        "query": urlencode({"year": year, "region": region.pk if region else ""}),
    }
    return render(request, "notices/missing.html", context)


def _back(region: Region | None, year: int | None) -> HttpResponse:
    query = urlencode({"year": year or "", "region": region.pk if region else ""})
    response = redirect("notices:missing")
    response["Location"] += f"?{query}"
    return response


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """催报: remind one unit (its button) or every unit listed (the button above the list)."""
    require_reviewer(request.user)
    region = _region(request, request.POST.get("region"))
    year = _year(request.POST.get("year"))
    if region is None or year is None:
        messages.error(request, "请选择地区和年度。")
        return _back(region, year)
    missing_units = selectors.missing_units(region, year)
    raw = request.POST.get("unit", "")
    units = list(missing_units.filter(pk=int(raw))) if raw.isdigit() else list(missing_units)
    try:
        told = services.remind(request.user, region, year, units, mail=raw.isdigit())
    except services.NoticeRefused as refused:
        messages.error(request, refused.message)
        return _back(region, year)
    names = units[0].name if len(units) == 1 else f"{len(units)}个单位"
    if told:
        messages.success(request, f"已提醒{names}（站内通知{told}人）。")
    else:
        messages.warning(request, f"{names}还没有登记填报人或负责人，站内通知无人可收。")
    if not raw.isdigit() and _own_region(request):  # e-mail too, as the reminders job does
        due = region.deadlines.filter(fiscal_year=year).values_list("due", flat=True).first()
        reminders.request(request.user, region, year, due or timezone.localdate())
    return _back(region, year)


@login_required
@require_POST
def deadline(request: HttpRequest) -> HttpResponse:
    """The bureau sets its region's deadline for a year (shown to every unit of the region)."""
    require_reviewer(request.user)
    region = _region(request, request.POST.get("region"))
    year = _year(request.POST.get("year"))
    try:
        due = date.fromisoformat(request.POST.get("due", ""))
    except ValueError:
        due = None
    if region is None or year is None or due is None:
        messages.error(request, "请填写正确的年度和截止日期（年-月-日）。")
        return _back(region, year)
    try:
        services.set_deadline(request.user, region, year, due)
    except services.NoticeRefused as refused:
        messages.error(request, refused.message)
        return _back(region, year)
    messages.success(request, f"已设置{region.name}{year}年度报送截止日期：{due:%Y年%m月%d日}。")
    return _back(region, year)
