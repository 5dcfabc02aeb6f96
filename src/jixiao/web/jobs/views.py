"""Job pages: the list, one job with its progress bar and result, the result file.

Also the forms that start batch work (a zip of reports to audit, a region's reports,
reminders).

Thin: the kinds' `request` services do the checks; the page polls a small fragment (htmx,
every two seconds) only while the job is queued or running.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.accounts.permissions import membership, require_reviewer
from jixiao.web.jobs import selectors, zips
from jixiao.web.jobs.kinds import audit_batch, region_reports, reminders

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.http.response import HttpResponseBase

    from jixiao.web.jobs.models import Job

ITEMS_SHOWN = 1000


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """The user's recent jobs; reviewers also get the batch forms."""
    jobs = selectors.jobs_for(request.user).select_related("owner")[:100]
    found = membership(request.user)
    context = {
        "jobs": jobs,
        "year": timezone.localdate().year - 1,
        "region": found.region if found else None,
        "limit_mb": settings.BATCH_UPLOAD_LIMIT_BYTES // (1024 * 1024),
    }
    return render(request, "jobs/list.html", context)


def _job(request: HttpRequest, pk: int) -> Job:
    return get_object_or_404(selectors.jobs_for(request.user), pk=pk)


def _context(job: Job) -> dict[str, object]:
    items = list(job.items.order_by("index")[:ITEMS_SHOWN]) if not job.active else []
    return {"job": job, "items": items, "skipped": job.params.get("skipped", [])}


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: what it is, the progress bar, and the result when it is done."""
    return render(request, "jobs/detail.html", _context(_job(request, pk)))


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the job page that changes (polled while the job is active)."""
    return render(request, "jobs/_progress.html", _context(_job(request, pk)))


@login_required
@require_GET
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's state as JSON, for scripts and integrators."""
    job = _job(request, pk)
    return JsonResponse(
        {
            "id": job.pk,
            "kind": job.kind,
            "state": job.state,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "message": job.message,
            "result": job.result,
            "file": bool(job.result_file),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The job's result file (streamed from the shared file store)."""
    job = _job(request, pk)
    if not job.result_file or not default_storage.exists(job.result_file):
        raise Http404("这个任务没有可下载的文件")
    return FileResponse(
        default_storage.open(job.result_file, "rb"), as_attachment=True, filename=job.result_name
    )


@login_required
@require_POST
def audit_batch_start(request: HttpRequest) -> HttpResponseBase:
    """A reviewer's zip of published reports becomes one batch audit job."""
    require_reviewer(request.user)
    upload = request.FILES.get("archive")
    if upload is None:
        messages.error(request, "请选择一个 zip 压缩包。")
        return redirect("review:audit")
    try:
        job, skipped = audit_batch.request(request.user, upload)
    except zips.Refused as exc:
        messages.error(request, str(exc))
        return redirect("review:audit")
    for text in skipped[:20]:
        messages.warning(request, text)
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def region_reports_start(request: HttpRequest) -> HttpResponseBase:
    """A reviewer's batch of the region's reports for one year."""
    require_reviewer(request.user)
    year = _year(request)
    fmt = request.POST.get("format", "docx")
    if year is None or fmt not in ("docx", "pdf"):
        messages.error(request, "请填写正确的年度和格式。")
        return redirect("jobs:list")
    try:
        job = region_reports.request(request.user, year, fmt)
    except region_reports.NothingToDo as exc:
        messages.error(request, str(exc))
        return redirect("jobs:list")
    return redirect("jobs:detail", pk=job.pk)


@login_required
@require_POST
def reminders_start(request: HttpRequest) -> HttpResponseBase:
    """A reviewer reminds the region's units that have not sent their self-evaluation."""
    require_reviewer(request.user)
    found = membership(request.user)
    year = _year(request)
    deadline = _date(request.POST.get("deadline", ""))
    if found is None or found.region is None:
        messages.error(request, "管理员请在地区审核人的账号下发送提醒。")
        return redirect("jobs:list")
    if year is None or deadline is None:
        messages.error(request, "请填写正确的年度和截止日期。")
        return redirect("jobs:list")
    job = reminders.request(request.user, found.region, year, deadline)
    if job is None:
        messages.success(request, f"{found.region.name}各单位{year}年度自评都已报送，无需提醒。")
        return redirect("jobs:list")
    return redirect("jobs:detail", pk=job.pk)


def _year(request: HttpRequest) -> int | None:
    text = request.POST.get("year", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
