"""计分框架设置: a bureau picks the frameworks that score its region's submissions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from jixiao.core.framework import FrameworkKind
from jixiao.web.accounts.permissions import require_reviewer
from jixiao.web.scoring import selectors
from jixiao.web.scoring.models import RegionFrameworks

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse, HttpResponseBase

STATUS_WORDS = {"SEEN": "已见原文", "PRACTICE": "地方实践", "UNCONFIRMED": "未核实"}
"""How a page says how sure a framework's basis is (never the English tag)."""

_FIELDS = {FrameworkKind.PROJECT: "project", FrameworkKind.DEPARTMENT: "department"}


@login_required
def settings_page(request: HttpRequest) -> HttpResponseBase:
    """List the user's regions with their setting; POST saves one region's setting."""
    require_reviewer(request.user)
    regions = selectors.manageable_regions(request.user)
    choices = selectors.options()
    if request.method == "POST":
        return _save(request, regions, choices)
    saved = {rf.region_id: rf for rf in RegionFrameworks.objects.filter(region__in=regions)}
    rows = []
    for region in regions:
        setting = saved.get(region.pk)
        rows.append(
            {
                "region": region,
                "kinds": [
                    {
                        "field": field,
                        "title": "项目支出" if kind is FrameworkKind.PROJECT else "部门整体支出",
                        "current": getattr(setting, field, "") if setting else "",
                        "options": [
                            {
                                **o.__dict__,
                                "status": STATUS_WORDS.get(o.status, o.status)
                                + ("，部分取值未核实" if o.partly_unconfirmed else ""),
                            }
                            for o in choices[kind]
                        ],
                    }
                    for kind, field in _FIELDS.items()
                ],
                "updated": setting.updated if setting else None,
            }
        )
    return render(request, "scoring/settings.html", {"rows": rows})


def _save(
    request: HttpRequest, regions: object, choices: dict[FrameworkKind, list[selectors.Option]]
) -> HttpResponse | HttpResponseBase:
    region = get_object_or_404(
        selectors.manageable_regions(request.user), pk=request.POST.get("region")
    )
    values = {}
    for kind, field in _FIELDS.items():
        value = request.POST.get(field, "").strip()
        if value and value not in {o.id for o in choices[kind]}:
            messages.error(request, "所选计分框架不存在或不适用于该类别，请重新选择。")
            return redirect("scoring:settings")
        values[field] = value
    user = request.user if request.user.is_authenticated else None
    RegionFrameworks.objects.update_or_create(
        region=region, defaults={**values, "updated_by": user}
    )
    messages.success(request, f"已保存「{region.name}」的计分框架设置。")
    return redirect("scoring:settings")
