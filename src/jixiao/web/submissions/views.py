"""Unit pages: my submissions, the three ways to start one, the overview and its moves.

Thin views (STYLE.md 10): they read the request, call a service, selector or library
function and render. Permission is asked of `accounts.permissions` (through the
selectors and services); refusals from the services are shown as messages. Editing,
downloads and history live in `edit_views`, `download_views` and `history_views`.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.formats.excel import TemplateChecks, write_template
from jixiao.pipeline import UnreadableError, load
from jixiao.web.accounts.permissions import Action, can, membership, require_unit_user
from jixiao.web.imports import services as import_services
from jixiao.web.submissions import services
from jixiao.web.submissions.formdata import form_data
from jixiao.web.submissions.forms import CreateForm, UploadForm, year_choices
from jixiao.web.submissions.formspec import MAX_UNIT_FIELDS, SECTIONS, FormLimitError
from jixiao.web.submissions.models import Submission
from jixiao.web.submissions.panel import empty_section_links, panel_context
from jixiao.web.submissions.selectors import (
    evaluate_loaded,
    evaluation_of,
    profile_options,
    submission_for,
    visible_submissions,
)
from jixiao.web.submissions.workflow import EDITABLE, MOVES, moves_from

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse
    from django.http.response import HttpResponseBase

    from jixiao.core.problems import Problem

MAX_COMMENT = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OVER_LIMIT = "excel.over-upload-limit"
"""A workbook over the unit cap (`MAX_UNIT_FIELDS`), refused by its cell count unread: 413."""


def _list_page(
    request: HttpRequest,
    *,
    create_form: CreateForm | None = None,
    upload_form: UploadForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    subs = visible_submissions(request.user).select_related("updated_by")
    context = {
        "submissions": subs.order_by("-fiscal_year", "unit__code"),
        "create_form": create_form or CreateForm(request.user),
        "upload_form": upload_form or UploadForm(request.user),
        "years": year_choices(),
        "limit_mb": settings.EXCEL_UPLOAD_LIMIT_BYTES // (1024 * 1024),
        "error": error,
    }
    return render(request, "submissions/list.html", context, status=status)


@login_required
@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    """我的自评: the unit's submissions by year, and the 新建自评 forms."""
    require_unit_user(request.user)
    return _list_page(request)


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    """新建自评, empty, from last year's submission, or pre-filled from approved targets."""
    require_unit_user(request.user)
    form = CreateForm(request.user, request.POST)
    unit = form.chosen_unit() if form.is_valid() else None
    if unit is None:
        return _list_page(request, create_form=form, error="请选择年度和单位。", status=400)
    year: int = form.cleaned_data["year"]
    try:
        if form.cleaned_data["mode"] == "last_year":
            saved = services.create_from_last_year(request.user, unit, year)
        elif form.cleaned_data["mode"] == "targets":
            from jixiao.web.loop.services import start_self_evaluation

            saved = start_self_evaluation(request.user, unit, year)
        else:
            saved = services.create(request.user, unit, year, {"unit": {"name": unit.name}})
    except services.Refused as exc:
        return _list_page(request, create_form=form, error=exc.message, status=409)
    messages.success(request, f"已新建 {unit.name} {year}年自评。")
    return redirect("submissions:edit", saved.submission.pk, SECTIONS[0].key)


def _safe_name(name: str) -> str:
    """The uploaded file's own name, stripped to a harmless file name (shown in problems)."""
    stem = re.sub(r"[^\w.\-（）()]+", "_", Path(name).name)[:80].strip("._")
    return stem if stem.lower().endswith((".xlsx", ".xlsm")) else f"{stem or 'upload'}.xlsx"


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """An Excel workbook: a new submission, or a preview when the year already has one.

    A new submission is stored even with problems, which are listed; a workbook for a
    year the unit already has becomes a pending import shown old → new to confirm.
    """
    require_unit_user(request.user)
    form = UploadForm(request.user, request.POST, request.FILES)
    unit = form.chosen_unit() if form.is_valid() else None
    if unit is None:
        return _list_page(
            request, upload_form=form, error="请选择要上传的 Excel 文件。", status=400
        )
    upload_file = form.cleaned_data["file"]
    limit = settings.EXCEL_UPLOAD_LIMIT_BYTES
    if upload_file.size > limit:
        error = f"文件太大（{upload_file.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB。"
        return _list_page(request, upload_form=form, error=error, status=413)
    if not upload_file.size:
        return _list_page(request, upload_form=form, error="上传的文件是空的。", status=400)
    name = _safe_name(upload_file.name or "")
    with tempfile.TemporaryDirectory(prefix="jixiao-upload-") as tmp:
        path = Path(tmp) / name
        with path.open("wb") as out:
            for chunk in upload_file.chunks():
                out.write(chunk)
        try:  # the unit cap on the value cells, counted before anything is read
            loaded = load(path, workbook=True, max_cells=MAX_UNIT_FIELDS)
        except UnreadableError as exc:
            problem = exc.problem
            if problem.code == OVER_LIMIT:
                error = f"“{name}”太大，未导入：{problem.message}。{problem.hint}"
                return _list_page(request, upload_form=form, error=error, status=413)
            error = f"无法读取“{name}”：{problem.message}"
            return _list_page(request, upload_form=form, error=error, status=400)
        try:  # before the checks run: a file the forms cannot hold is refused whole
            data = form_data(loaded.submission) if loaded.submission is not None else None
        except FormLimitError as exc:
            error = f"“{name}”太大，未导入：{exc.message}。请删减或分成几份后重新上传。"
            return _list_page(request, upload_form=form, error=error, status=413)
        imported = evaluate_loaded(loaded)
    problems = [_shown_file(p, path, name) for p in imported.problems]
    context: dict[str, Any] = {"name": name, "problems": problems, "submission": None}
    if imported.submission is None or data is None:
        context["error"] = (
            "文件缺少年度或单位名称等基本信息，未能建立自评。请按下列问题修改后重新上传。"
        )
        return render(request, "submissions/upload_result.html", context, status=422)
    year = imported.submission.fiscal_year
    existing = Submission.objects.filter(unit=unit, fiscal_year=year).first()
    try:
        if existing is not None:
            staged = import_services.stage(request.user, existing, data, name, problems)
            return redirect("imports:preview", staged.pk)
        saved = services.create(request.user, unit, year, data, source="Excel导入")
    except services.Refused as exc:
        context["error"] = exc.message
        context["existing"] = existing
        return render(request, "submissions/upload_result.html", context, status=409)
    import_services.record_created(request.user, saved.submission, name, problems)
    context["submission"] = saved.submission
    return render(request, "submissions/upload_result.html", context)


def _shown_file(problem: Problem, tmp_path: Path, name: str) -> dict[str, Any]:
    """A problem as the result page shows it: the temporary path replaced by the file name."""
    from jixiao.core import paths
    from jixiao.core.model import Submission as ModelSubmission
    from jixiao.core.problems import problem_to_dict

    item = problem_to_dict(problem.at(file=name) if problem.location.file else problem)
    item["location"]["text"] = item["location"]["text"].replace(str(tmp_path), name)
    path = item["location"].get("path") or ""
    item["place"] = (
        paths.label(ModelSubmission, path, readable=True) if path else ""
    )  # not the field path
    return item


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponseBase:
    """The empty Excel template, with the unit and (optionally) the year filled in."""
    require_unit_user(request.user)
    found = membership(request.user)
    unit_name = found.unit.name if found is not None and found.unit is not None else ""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else None
    unit = found.unit if found is not None else None
    options = profile_options(region_code=unit.region.code if unit is not None else "")
    with tempfile.TemporaryDirectory(prefix="jixiao-template-") as tmp:
        path = Path(tmp) / "template.xlsx"
        write_template(
            path,
            options.economic_classes,
            year=year,
            unit=unit_name,
            checks=TemplateChecks.of(options),
        )
        content = path.read_bytes()
    filename = f"自评填报模板{'-' + str(year) if year else ''}.xlsx"
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX
    )


def latest_notice(sub: Any) -> Any:
    """The reviewer's (or approver's) return comment the unit must act on, if any."""
    if sub.status not in EDITABLE:
        return None
    return (
        sub.transitions.filter(target=sub.status, action__in=["return", "send_back"])
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission: status, history of moves, score, problems, actions, downloads."""
    sub = submission_for(request.user, pk)
    evaluation = evaluation_of(sub)
    moves = [
        m
        for m in moves_from(sub.status)
        if can(request.user, m.action, sub) and not services.blocked(sub, m.action)
    ]
    sends = any(m.needs_clean for m in moves) and sub.status in EDITABLE
    context = {
        "empty_sections": empty_section_links(evaluation, sub) if sends else [],
        "sub": sub,
        "moves": moves,
        "transitions": sub.transitions.select_related("actor").order_by("at", "id"),
        "notice": latest_notice(sub),
        "can_edit": can(request.user, Action.EDIT, sub) and sub.status in EDITABLE,
        "sections": SECTIONS,
        "conflicts": sub.conflicts.filter(resolved=False).count(),
        "report_formats": [("docx", "Word"), ("html", "网页"), ("pdf", "PDF")],
        **panel_context(evaluation, sub.data, sub.pk, None),
    }
    return render(request, "submissions/detail.html", context)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Perform one workflow action; a refusal comes back as a message on the overview."""
    sub = submission_for(request.user, pk)
    raw = request.POST.get("action", "")
    action = next((a for a in MOVES if a.value == raw), None)
    comment = request.POST.get("comment", "")
    if action is None:
        messages.error(request, "未知的操作，未执行。")
    elif len(comment) > MAX_COMMENT:
        messages.error(request, f"意见太长（{len(comment)}字），请控制在{MAX_COMMENT}字以内。")
    else:
        try:
            services.move(request.user, sub, action, comment=comment, request=request)
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已{MOVES[action].label}。")
    return redirect("submissions:detail", sub.pk)
