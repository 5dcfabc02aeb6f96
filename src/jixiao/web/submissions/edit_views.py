"""The edit page (one tab per section), its add-row fragment and the live problem panel.

A save merges the posted section into the stored data (`formdata.merge_section`) and
hands it to `services.save` with the version the form was loaded from. Whatever goes
wrong — a conflict, a refused state, a limit, a bad base version — the page is rendered
again from the user's own values, so nothing typed is lost. The preview evaluates the
same merge without saving, which is what makes the panel live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.web.accounts.permissions import Action, can, require
from jixiao.web.loop.guard import targets_for_editing
from jixiao.web.submissions import services
from jixiao.web.submissions.formdata import merge_section
from jixiao.web.submissions.formhtml import FormMarkup
from jixiao.web.submissions.forms import PostError, base_version, posted_items
from jixiao.web.submissions.formspec import (
    SECTIONS,
    FormError,
    FormLimitError,
    Section,
    new_list_item,
    section_by_key,
    section_tree,
)
from jixiao.web.submissions.panel import panel_context
from jixiao.web.submissions.selectors import (
    evaluate_data,
    evaluation_of,
    profile_options,
    submission_for,
)
from jixiao.web.submissions.sums import economic_names, with_class_names
from jixiao.web.submissions.views import latest_notice
from jixiao.web.submissions.workflow import EDITABLE

if TYPE_CHECKING:
    from django.http import HttpRequest

    from jixiao.core.evaluation import Evaluation
    from jixiao.web.submissions.models import ConflictCopy, Submission

MAX_REJECTED_SHOWN = 10


def _section(key: str) -> Section:
    try:
        return section_by_key(key)
    except KeyError:
        raise Http404("没有这个栏目") from None


def _page(
    request: HttpRequest,
    sub: Submission,
    section: Section,
    *,
    data: dict[str, Any],
    version: int,
    evaluation: Evaluation | None = None,
    error: str = "",
    conflict: ConflictCopy | None = None,
    status: int = 200,
) -> HttpResponse:
    editable = can(request.user, Action.EDIT, sub) and sub.status in EDITABLE
    evaluation = evaluation or evaluation_of(sub)
    # Adjustments approved after the self-evaluation was started: shown (and saved) here.
    data, adjusted_from, locked_inputs = (
        targets_for_editing(sub, data) if editable else (data, {}, frozenset())
    )
    context = {
        "sub": sub,
        "section": section,
        "sections": SECTIONS,
        "nodes": section_tree(section.key, data),
        "base_version": version,
        "editable": editable,
        "locked_targets": locked_inputs,
        "adjusted_from": adjusted_from,
        "error": error,
        "conflict": conflict,
        "notice": latest_notice(sub),
        "class_codes": economic_names(profile_options(data)) if section.key == "classes" else [],
        # Shown values the server does not hold (a refused or conflicting save): the
        # page's script treats them as unsaved from the start and keeps them in the browser.
        "unsaved": editable and data != sub.data,
        **panel_context(evaluation, data, sub.pk, section.key),
    }
    if conflict is not None:
        context["conflict_by"] = _saved_by(sub, conflict.current_version)
    return render(request, "submissions/edit.html", context, status=status)


def _saved_by(sub: Submission, version: int) -> Any:
    """The history row that made `version` (who saved it and when)."""
    return (
        sub.history.filter(version=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One tab of the edit page; read-only when the state or the role does not allow edits."""
    sub = submission_for(request.user, pk)
    tab = _section(section)
    if request.method == "POST":
        require(request.user, Action.EDIT, sub)
        return _save(request, sub, tab)
    return _page(request, sub, tab, data=sub.data, version=sub.version)


def _save(request: HttpRequest, sub: Submission, tab: Section) -> HttpResponse:
    stored = sub.data
    try:
        items = posted_items(request)
        merged, rejected = merge_section(stored, tab.key, items)
    except PostError as exc:
        return _page(
            request,
            sub,
            tab,
            data=stored,
            version=sub.version,
            error=exc.message,
            status=exc.status,
        )
    except FormLimitError as exc:
        error = f"{exc.message}。本次提交未保存。"
        return _page(request, sub, tab, data=stored, version=sub.version, error=error, status=400)
    merged, named = with_class_names(merged, profile_options(merged))
    version = base_version(request)
    if version is None:
        error = "表单缺少有效的版本号，未保存。请核对下面的内容后重新保存。"
        return _page(request, sub, tab, data=merged, version=sub.version, error=error, status=400)
    try:
        saved = services.save(
            request.user, sub, merged, base_version=version, section=tab.title, request=request
        )
    except services.Refused as exc:
        return _page(request, sub, tab, data=merged, version=version, error=exc.message, status=409)
    if not saved.accepted:
        current = saved.submission
        return _page(
            request,
            current,
            tab,
            data=merged,
            version=current.version,
            evaluation=evaluate_data(merged),
            conflict=saved.conflict,
            status=409,
        )
    messages.success(request, f"已保存“{tab.title}”（第{saved.submission.version}版）。")
    if named:
        messages.info(request, f"已按科目编码填入{named}个科目名称。")
    for item in rejected[:MAX_REJECTED_SHOWN]:
        messages.warning(request, item.message)
    if len(rejected) > MAX_REJECTED_SHOWN:
        messages.warning(request, f"另有{len(rejected) - MAX_REJECTED_SHOWN}个字段未保存。")
    return redirect("submissions:edit", sub.pk, _next_tab(request, tab).key)


def _next_tab(request: HttpRequest, tab: Section) -> Section:
    """Where to go after a save: the tab the user clicked (saved on the way), else this one.

    The page's script saves a changed tab before following a click on another tab, and
    names that tab in `_next`; anything that is not a section key keeps the user here.
    """
    key = request.POST.get("_next", "")
    return next((s for s in SECTIONS if s.key == key), tab)


@login_required
@require_GET
def row(request: HttpRequest, pk: int) -> HttpResponse:
    """An empty list row ("添加一行"), rendered with the list's own layout."""
    sub = submission_for(request.user, pk, Action.EDIT)
    list_path = request.GET.get("list", "")
    raw = request.GET.get("index", "")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return HttpResponse("序号无效，无法添加行。", status=400)
    try:
        item = new_list_item(list_path, int(raw))
    except FormError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    # A new row is never an approved target, and holds no sums yet.
    markup = FormMarkup(editable=True, row_url=reverse("submissions:row", args=[sub.pk]))
    return HttpResponse(markup.row(item))


@login_required
@require_GET
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The problem panel and score of the stored data (a fragment)."""
    sub = submission_for(request.user, pk)
    key = request.GET.get("section", "")
    current = key if any(s.key == key for s in SECTIONS) else None
    context = {"sub": sub, **panel_context(evaluation_of(sub), sub.data, sub.pk, current)}
    return render(request, "submissions/_panel.html", context)


@login_required
@require_POST
def preview(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Check the posted section merged into the stored data, without saving anything."""
    sub = submission_for(request.user, pk, Action.EDIT)
    tab = _section(section)
    context: dict[str, Any] = {"sub": sub, "preview": True, "editable": True}
    try:
        merged, _rejected = merge_section(sub.data, tab.key, posted_items(request))
    except (PostError, FormLimitError) as exc:
        context.update(panel_context(evaluation_of(sub), sub.data, sub.pk, tab.key))
        context["error"] = f"无法检查：{exc.message}"
        return render(request, "submissions/_panel.html", context)
    evaluation = evaluate_data(merged)
    context.update(panel_context(evaluation, merged, sub.pk, tab.key))
    return render(request, "submissions/_panel.html", context)
