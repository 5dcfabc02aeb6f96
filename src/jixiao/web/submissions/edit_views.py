"""The edit page (one tab per section), its add-row fragment and the live problem panel.

A save merges the posted section into the stored data (`formdata.merge_section`) and
hands it to `services.save` with the version the form was loaded from. A list tab
(项目支出, 部门整体绩效指标) shows one page of rows (`paging`); its save replaces only the
rows that page showed (`formdata.merge_rows`, named by the hidden `_rows`), and the
whole merged submission is evaluated before the short write, as any save. Whatever goes
wrong — a conflict, a refused state, a limit, a bad base version — the page is rendered
again from the user's own values, so nothing typed is lost. The preview evaluates the
same merge without saving, which is what makes the panel live.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.web.accounts.permissions import Action, can, require
from jixiao.web.loop.guard import targets_for_editing
from jixiao.web.submissions import services
from jixiao.web.submissions.formdata import merge_rows, merge_section
from jixiao.web.submissions.formhtml import FormMarkup
from jixiao.web.submissions.forms import PostError, base_version, posted_items
from jixiao.web.submissions.formspec import (
    SECTIONS,
    FormError,
    FormLimitError,
    Section,
    input_id,
    new_list_item,
    section_by_key,
    section_tree,
)
from jixiao.web.submissions.paging import (
    MAX_QUERY_CHARS,
    Page,
    RowsError,
    choose_page,
    page_of_row,
    paged_root,
    parse_rows,
    rows_at,
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
    from jixiao.web.submissions.formdata import Rejected
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
    rows: tuple[int, ...] | None = None,
) -> HttpResponse:
    """The tab's page; a paged tab shows `rows` (a refused save's own rows) or `?page=`."""
    editable = can(request.user, Action.EDIT, sub) and sub.status in EDITABLE
    page = _page_of(request, section, data, rows)
    evaluation = evaluation or evaluation_of(sub)
    # Adjustments approved after the self-evaluation was started: shown (and saved) here.
    data, adjusted_from, locked_inputs = (
        targets_for_editing(sub, data) if editable else (data, {}, frozenset())
    )
    context = {
        "sub": sub,
        "section": section,
        "sections": SECTIONS,
        "nodes": section_tree(section.key, data, None if page is None else page.rows),
        "page": page,
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
        **panel_context(evaluation, data, sub.pk, section.key, page),
    }
    if conflict is not None:
        context["conflict_by"] = _saved_by(sub, conflict.current_version)
    return render(request, "submissions/edit.html", context, status=status)


def _page_of(
    request: HttpRequest, section: Section, data: dict[str, Any], rows: tuple[int, ...] | None
) -> Page | None:
    """The page a paged tab shows: the asked one (`?page=&q=`, or as posted on a save)."""
    posted = request.method == "POST"
    try:
        source = request.POST if posted else request.GET
    except (TooManyFieldsSent, RequestDataTooBig):  # the refusal is already on the page
        source = QueryDict()
    number = source.get("_page" if posted else "page", "")
    query = source.get("_q" if posted else "q", "")
    page = choose_page(section, data, number, query)
    if page is None or rows is None:
        return page
    return replace(page, rows=rows, note="")


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


def _merge(
    request: HttpRequest, stored: dict[str, Any], tab: Section
) -> tuple[dict[str, Any], list[Rejected], tuple[int, ...] | None]:
    """The post merged into the stored data; on a paged tab, with the page's new rows.

    A paged tab's form names its rows in `_rows`; a post without it (a form from before
    paging) holds the whole list and replaces it whole, as it always did.

    Raises:
        PostError, FormLimitError: nothing of the post may be stored.
    """
    items = posted_items(request)
    root = paged_root(tab)
    raw = request.POST.get("_rows")
    if root is None or raw is None:
        merged, rejected = merge_section(stored, tab.key, items)
        return merged, rejected, None
    try:
        rows = parse_rows(raw)
    except RowsError:
        raise PostError("表单中本页的行范围无效，未保存。请刷新页面后重新填写。") from None
    return merge_rows(stored, root, items, rows)


def _save(request: HttpRequest, sub: Submission, tab: Section) -> HttpResponse:
    stored = sub.data
    try:
        merged, rejected, rows = _merge(request, stored, tab)
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
        return _page(
            request, sub, tab, data=merged, version=sub.version, error=error, status=400, rows=rows
        )
    try:
        saved = services.save(
            request.user, sub, merged, base_version=version, section=tab.title, request=request
        )
    except services.Refused as exc:
        return _page(
            request,
            sub,
            tab,
            data=merged,
            version=version,
            error=exc.message,
            status=409,
            rows=rows,
        )
    if not saved.accepted:
        current = saved.submission
        return _page(
            request,
            current,
            tab,
            data=merged,
            version=current.version,
            evaluation=saved.evaluation,
            conflict=saved.conflict,
            status=409,
            rows=rows,
        )
    messages.success(request, f"已保存“{tab.title}”（第{saved.submission.version}版）。")
    if named:
        messages.info(request, f"已按科目编码填入{named}个科目名称。")
    for item in rejected[:MAX_REJECTED_SHOWN]:
        messages.warning(request, item.message)
    if len(rejected) > MAX_REJECTED_SHOWN:
        messages.warning(request, f"另有{len(rejected) - MAX_REJECTED_SHOWN}个字段未保存。")
    return redirect(_after_save(request, sub, tab, stored, merged, rows))


def _after_save(
    request: HttpRequest,
    sub: Submission,
    tab: Section,
    stored: dict[str, Any],
    merged: dict[str, Any],
    rows: tuple[int, ...] | None,
) -> str:
    """The URL a save leads to: the clicked tab, the clicked page, the page of a new row.

    The page's script saves a changed page before following a click on another tab
    (`_next`) or page (`_goto`); without either, a save that added rows lands on the
    page showing the last one, and any other stays on its page.
    """
    next_tab = _next_tab(request, tab)
    url = reverse("submissions:edit", args=[sub.pk, next_tab.key])
    root = paged_root(tab)
    if next_tab != tab or root is None or rows is None:
        return url
    query = request.POST.get("_q", "")
    goto = request.POST.get("_goto", "")
    before, after = len(rows_at(stored, root)), len(rows_at(merged, root))
    if not goto and after > before and rows:
        last = rows[-1]
        return f"{url}?page={page_of_row(last)}#{input_id(f'{root}[{last}]')}"
    number = goto or request.POST.get("_page", "")
    params = {"page": number[:12], **({"q": query[:MAX_QUERY_CHARS]} if query.strip() else {})}
    return f"{url}?{urlencode(params)}"


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
    tab = section_by_key(current) if current else None
    page = None if tab is None else _page_of(request, tab, sub.data, None)
    context = {"sub": sub, **panel_context(evaluation_of(sub), sub.data, sub.pk, current, page)}
    return render(request, "submissions/_panel.html", context)


@login_required
@require_POST
def preview(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Check the posted section merged into the stored data, without saving anything."""
    sub = submission_for(request.user, pk, Action.EDIT)
    tab = _section(section)
    context: dict[str, Any] = {"sub": sub, "preview": True, "editable": True}
    try:
        merged, _rejected, rows = _merge(request, sub.data, tab)
    except (PostError, FormLimitError) as exc:
        page = _page_of(request, tab, sub.data, None)
        context.update(panel_context(evaluation_of(sub), sub.data, sub.pk, tab.key, page))
        context["error"] = f"无法检查：{exc.message}"
        return render(request, "submissions/_panel.html", context)
    evaluation = evaluate_data(merged)
    page = _page_of(request, tab, merged, rows)
    context.update(panel_context(evaluation, merged, sub.pk, tab.key, page))
    return render(request, "submissions/_panel.html", context)
