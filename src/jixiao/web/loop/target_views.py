"""绩效目标 pages: a unit files its targets; the bureau returns or approves them; 调整.

Thin: parse the form (`forms`), call `services`, read through `selectors`, render. Who may
do what is decided in the services and `accounts.permissions`.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.core import paths
from jixiao.core.goals import TargetSet, side_by_side
from jixiao.core.naming import slug
from jixiao.core.problems import UnreadableError, problem_to_dict
from jixiao.formats.excel import import_targets, write_targets
from jixiao.web.accounts.permissions import (
    Action,
    require,
    require_reviewer,
    require_unit_user,
)
from jixiao.web.loop import forms, selectors, services
from jixiao.web.loop.models import AdjustmentRequest, TargetFiling

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.http.response import HttpResponseBase

    from jixiao.core.problems import Problem

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filing(request: HttpRequest, pk: int, action: Action) -> TargetFiling:
    filing = get_object_or_404(TargetFiling.objects.select_related("unit", "unit__region"), pk=pk)
    require(request.user, action, filing)
    return filing


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    """A unit's target filings by year; POST starts (or opens) a year's filing."""
    require_unit_user(request.user)
    unit = selectors.own_unit(request.user)
    if unit is None:
        messages.info(request, "管理员请从财政端“绩效目标审核”查看各单位的绩效目标。")
        return redirect("loop:review_targets")
    if request.method == "POST":
        raw = request.POST.get("year", "")
        if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
            messages.error(request, "请选择年度。")
            return redirect("loop:targets")
        existing = TargetFiling.objects.filter(unit=unit, fiscal_year=int(raw)).first()
        filing = existing or services.save_targets(request.user, unit, int(raw), {})
        return redirect("loop:target", filing.pk)
    context = {"filings": selectors.filings_of_unit(unit), "years": _years(), "unit": unit}
    return render(request, "loop/targets.html", context)


def _years() -> list[int]:
    """Years a unit may file targets for: next year (filed before it starts) back to three ago."""
    now = timezone.localdate().year
    return list(range(now + 1, now - 4, -1))


def _page(
    request: HttpRequest,
    filing: TargetFiling,
    *,
    data: dict[str, Any] | None = None,
    error: str = "",
    status: int = 200,
    upload: dict[str, Any] | None = None,
) -> HttpResponse:
    model, problems = services.lint_of(filing)
    locked = selectors.locked_targets(filing)
    context = {
        "rows": [] if model is None else side_by_side(model, model),
        "filing": filing,
        "form": forms.targets_for_form(data if data is not None else filing.data),
        "editable": filing.status in services.EDITABLE,
        "problems": problems,
        "locked": locked,
        "adjustments": filing.adjustments.all(),
        "events": filing.events.select_related("actor"),
        "error": error,
        "indicators": [] if locked is None else [(r.project, r.name) for r in locked.rows],
        "upload": upload,
        "limit_mb": settings.UPLOAD_LIMIT_BYTES // (1024 * 1024),
    }
    return render(request, "loop/target.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def target(request: HttpRequest, pk: int) -> HttpResponse:
    """One filing: the form while draft/returned (save, 报送); locked rows and 调整 after."""
    filing = _filing(request, pk, Action.VIEW)
    if request.method == "GET":
        return _page(request, filing)
    require(request.user, Action.EDIT, filing)
    action = request.POST.get("action", "save")
    try:
        if action == "adjust":
            project = request.POST.get("indicator", "")
            owner, _sep, name = project.partition("／")
            services.request_adjustment(
                request.user,
                filing,
                "" if owner == "部门整体" else owner,
                name,
                request.POST.get("new_target", ""),
                request.POST.get("reason", ""),
            )
            messages.success(request, "已提交调整申请，待财政批准后生效。")
            return redirect("loop:target", filing.pk)
        try:
            data = forms.targets_from_post(request.POST)
        except forms.FormTooLarge as exc:
            return _page(request, filing, error=str(exc), status=400)
        filing = services.save_targets(request.user, filing.unit, filing.fiscal_year, data)
        if action == "file":
            services.file_targets(request.user, filing)
            messages.success(request, "已报送财政审核。")
        else:
            messages.success(request, "已保存。")
    except services.Refused as exc:
        return _page(request, filing, error=exc.message, status=409)
    return redirect("loop:target", filing.pk)


@login_required
@require_GET
def target_template(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The 绩效目标申报表 as Excel, pre-filled with what the filing holds now."""
    filing = _filing(request, pk, Action.VIEW)
    data = {**filing.data, "fiscal_year": filing.fiscal_year, "unit_name": filing.unit.name}
    with tempfile.TemporaryDirectory(prefix="jixiao-targets-") as tmp:
        path = Path(tmp) / "targets.xlsx"
        write_targets(path, data)
        content = path.read_bytes()
    name = f"{filing.fiscal_year}年绩效目标申报表-{slug(filing.unit.name, '本单位')}.xlsx"
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_POST
def target_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """上传 a filled 申报表: the values land in the filing; problems shown at sheet!cell."""
    filing = _filing(request, pk, Action.EDIT)
    if filing.status not in services.EDITABLE:
        return _page(request, filing, error=services.refuse_locked(filing).message, status=409)
    upload = request.FILES.get("file")
    limit = settings.UPLOAD_LIMIT_BYTES
    if upload is None or not upload.size:
        return _page(
            request, filing, error="请选择填好的 Excel 申报表（.xlsx）再上传。", status=400
        )
    if upload.size > limit:
        error = f"文件太大（{upload.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB。"
        return _page(request, filing, error=error, status=413)
    name = f"{slug(Path(upload.name or '').stem, '申报表')}.xlsx"
    with tempfile.TemporaryDirectory(prefix="jixiao-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            imported = import_targets(path)
        except UnreadableError as exc:
            error = f"无法读取“{name}”：{exc.problem.message}"
            return _page(request, filing, error=error, status=400)
    try:
        forms.check_fits(imported.to_store())
        filing, problems = services.upload_targets(request.user, filing, imported)
    except forms.FormTooLarge as exc:
        return _page(request, filing, error=f"“{name}”未导入：{exc}。", status=413)
    except services.Refused as exc:
        return _page(request, filing, error=exc.message, status=409)
    shown = {"name": name, "problems": [_shown(p, name) for p in problems]}
    return _page(request, filing, upload=shown)


def _shown(problem: Problem, name: str) -> dict[str, Any]:
    """A problem as the upload result lists it: the cell, the message, where in the form."""
    item = problem_to_dict(problem.at(file=name) if problem.location.file else problem)
    where = problem.location.path
    item["place"] = paths.label(TargetSet, where, readable=True) if where else ""
    return item


@login_required
@require_http_methods(["GET"])
def review_targets(request: HttpRequest) -> HttpResponse:
    """The bureau's list of filed targets (and pending adjustments) of its region."""
    require_reviewer(request.user)
    region = selectors.region_of(request.user, _int(request.GET.get("region")))
    year = _int(request.GET.get("year"))
    rows = (
        selectors.filings_for_review(region, year)
        if region is not None
        else TargetFiling.objects.none()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page") or 1)
    return render(
        request, "loop/review_targets.html", {"page": page, "region": region, "year": year}
    )


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


@login_required
@require_http_methods(["GET", "POST"])
def review_target(request: HttpRequest, pk: int) -> HttpResponse:
    """One filing for the bureau: lint problems, 退回 with comments, 批复, 调整 decisions."""
    require_reviewer(request.user)
    filing = _filing(request, pk, Action.REVIEW)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "return":
                services.return_targets(request.user, filing, request.POST.get("comment", ""))
                messages.success(request, "已退回单位修改。")
            elif action == "approve":
                services.approve_targets(request.user, filing)
                messages.success(request, "已批复，绩效目标已锁定。")
            elif action in ("adjust_ok", "adjust_no"):
                adjustment = get_object_or_404(
                    AdjustmentRequest, pk=_int(request.POST.get("adjustment")) or 0, filing=filing
                )
                services.decide_adjustment(request.user, adjustment, action == "adjust_ok")
                messages.success(
                    request, "已批准调整。" if action == "adjust_ok" else "已不予调整。"
                )
            else:
                messages.error(request, "未知的操作。")
        except services.Refused as exc:
            messages.error(request, exc.message)
        return redirect("loop:review_target", filing.pk)
    model, problems = services.lint_of(filing)
    context = {
        "filing": filing,
        "rows": [] if model is None else side_by_side(model, model),
        "problems": problems,
        "locked": selectors.locked_targets(filing),
        "adjustments": filing.adjustments.all(),
        "events": filing.events.select_related("actor"),
    }
    return render(request, "loop/review_target.html", context)
