"""The re-import preview (old → new, field by field) and its confirm/discard/dismiss."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.accounts.permissions import Action, can
from jixiao.web.imports import services
from jixiao.web.imports.models import State
from jixiao.web.imports.selectors import import_for, preview_context
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What confirming the upload would change; the confirm and discard buttons."""
    imp = import_for(request.user, pk)
    sub = imp.submission
    context = {
        "imp": imp,
        "sub": sub,
        "pending": imp.state == State.PENDING,
        "can_apply": imp.state == State.PENDING and can(request.user, Action.EDIT, sub),
        "stale": sub.version != imp.base_version,
        **preview_context(imp),
    }
    return render(request, "imports/preview.html", context)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm: the imported data becomes the next version."""
    imp = import_for(request.user, pk, Action.EDIT)
    try:
        saved = services.apply(request.user, imp, request)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", imp.pk)
    sub = saved.submission
    if not saved.accepted:
        messages.error(
            request,
            f"上传之后本自评已被修改（现为第{sub.version}版），导入的内容未覆盖它，"
            "已另存为冲突副本。请重新上传 Excel，核对最新的变化后再确认。",
        )
        return redirect("submissions:detail", sub.pk)
    messages.success(request, f"已按“{imp.file_name}”导入（第{sub.version}版）。")
    return redirect("submissions:detail", sub.pk)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Do not import: the submission stays as it is."""
    imp = import_for(request.user, pk, Action.EDIT)
    services.discard(request.user, imp)
    messages.info(request, f"已放弃导入“{imp.file_name}”，自评未改动。")
    return redirect("submissions:detail", imp.submission.pk)


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """The workbook's problems are dealt with: the panel stops listing them."""
    imp = import_for(request.user, pk, Action.EDIT)
    services.dismiss(request.user, imp)
    messages.info(request, "已将 Excel 导入时的问题标为已处理。")
    back = request.POST.get("next", "")
    if back.startswith("/submissions/") and "//" not in back:
        return redirect(back)
    return redirect("submissions:detail", imp.submission.pk)
