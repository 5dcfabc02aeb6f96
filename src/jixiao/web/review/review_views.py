"""The review page of one submission: findings, scores, risk, comments, return/approve.

Thin: `submission_for` decides access (VIEW and REVIEW), `assessment.assess` gathers
what the library found, `services.add_comment` and `submissions.services.move` write.
A refused move re-renders the page with what the reviewer typed, so no comment is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.accounts.models import Role
from jixiao.web.accounts.permissions import Action, require, require_reviewer, role_of
from jixiao.web.jobs.kinds import render as render_job
from jixiao.web.notices.services import mark_opened
from jixiao.web.review import services
from jixiao.web.review.assessment import assess
from jixiao.web.review.bulk import decide
from jixiao.web.review.forms import BULK_MAX, BulkForm, CommentForm, MoveForm
from jixiao.web.review.record import since_return, transitions_of
from jixiao.web.submissions import reports
from jixiao.web.submissions import services as submission_services
from jixiao.web.submissions.formspec import SECTIONS
from jixiao.web.submissions.selectors import submission_for
from jixiao.web.submissions.workflow import MOVES

if TYPE_CHECKING:
    from django.http import HttpRequest

    from jixiao.web.submissions.models import Submission


def _reviewable(request: HttpRequest, pk: int) -> Submission:
    """The submission if the user may view and review it: fetched once.

    A submission row carries its whole data (tens of KB of JSON, decoded on every fetch);
    at the deadline a hundred reviewers ask for a PDF link at once, each such request
    must be cheap (bench/web_bench.py --pdf-clients).
    """
    sub = submission_for(request.user, pk, Action.VIEW)
    require(request.user, Action.REVIEW, sub)
    return sub


def _page(
    request: HttpRequest, sub: Submission, *, status: int = 200, **forms: Any
) -> HttpResponse:
    found = assess(request.user, sub)
    moves = transitions_of(sub)
    context = {
        "transitions": moves,
        "since_return": since_return(sub, moves),
        "sections": SECTIONS,
        "sub": sub,
        "a": found,
        "comment_form": forms.get("comment_form") or CommentForm(),
        "return_text": forms.get("return_text") or found.return_text,
        "kept": forms.get("return_text", ""),
        "formats": reports.FORMATS,
    }
    return render(request, "review/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review page; a reviewer's first look at a sent submission ends the unit's 撤回."""
    sub = _reviewable(request, pk)
    if role_of(request.user) == Role.FINANCE_REVIEWER:
        mark_opened(request.user, sub)
    return _page(request, sub)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment to a section; an invalid one re-renders the page with the text kept."""
    sub = _reviewable(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "意见未保存：请选择栏目并填写意见（不超过5000字）。")
        return _page(request, sub, status=400, comment_form=form)
    try:
        services.add_comment(
            request.user, sub, form.cleaned_data["section"], form.cleaned_data["text"]
        )
    except submission_services.Refused as refused:
        messages.error(request, refused.message)
        return _page(request, sub, status=400, comment_form=form)
    messages.success(request, "意见已保存。")
    return redirect("review:detail", pk=sub.pk)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Return (退回修改), approve or publish; a refusal keeps the typed comment."""
    sub = _reviewable(request, pk)
    form = MoveForm(request.POST)
    typed = str(request.POST.get("comment", ""))[:10_000]
    if not form.is_valid():
        messages.error(request, "未知的操作。")
        return _page(request, sub, status=400, return_text=typed)
    action = Action(form.cleaned_data["action"])
    try:
        moved = submission_services.move(
            request.user, sub, action, comment=form.cleaned_data["comment"], request=request
        )
    except submission_services.Refused as refused:
        messages.error(request, refused.message)
        return _page(request, sub, status=409, return_text=typed)
    messages.success(request, f"已{MOVES[action].label}：{moved}")
    return redirect("review:detail", pk=moved.pk)


@login_required
@require_GET
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The unit's report as the reviewer reads it (marked as a draft while it has errors)."""
    sub = _reviewable(request, pk)
    if fmt not in reports.FORMATS:
        raise Http404
    if fmt == "pdf":  # LibreOffice takes seconds: a background job, its page offers the file
        job = render_job.request(request.user, sub, fmt, draft=sub.errors > 0, doc="department")
        return redirect("jobs:detail", pk=job.pk)
    rendered = reports.render_submission(sub, (fmt,), draft=sub.errors > 0)
    if rendered.refused or not rendered.files:
        messages.error(
            request, "报告无法生成：" + "；".join(p.message for p in rendered.problems[:3])
        )
        return redirect("review:detail", pk=sub.pk)
    file = rendered.files[0]
    response = HttpResponse(file.content, content_type=reports.CONTENT_TYPES[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(file.name)}"
    )
    return response


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Bulk 通过/退回/公开 from the dashboard; back to the same view with a summary."""
    require_reviewer(request.user)
    form = BulkForm(request.POST)
    nxt = str(request.POST.get("next", ""))
    back = redirect("review:dashboard")
    if nxt.startswith("?") and len(nxt) < 2000:
        back["Location"] += nxt
    if not form.is_valid():
        messages.error(request, "未知的操作，未执行。")
        return back
    if not form.picked:
        messages.error(request, "请先勾选要处理的自评。")
        return back
    if len(form.picked) > BULK_MAX:
        messages.error(request, f"一次最多处理{BULK_MAX}份，请分批执行。")
        return back
    action = Action(form.cleaned_data["action"])
    if MOVES[action].needs_comment and not form.cleaned_data["comment"].strip():
        messages.error(request, f"“{MOVES[action].label}”必须填写意见，未执行。")
        return back
    outcome = decide(
        request.user, action, form.picked, form.cleaned_data["comment"], request=request
    )
    (messages.success if not outcome.refused else messages.warning)(request, outcome.summary())
    return back
