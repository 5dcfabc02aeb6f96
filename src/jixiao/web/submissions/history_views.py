"""Version history, restore, and the conflict copies a refused save left behind.

Every accepted save and every move is a simple-history row; the page shows who, when,
why and what changed between consecutive rows (`formdata.describe_changes`). Restoring
is a new save of the old data (`services.restore`), so history only ever grows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from jixiao.web.accounts.permissions import Action, can
from jixiao.web.submissions import services
from jixiao.web.submissions.formdata import describe_changes
from jixiao.web.submissions.forms import base_version
from jixiao.web.submissions.selectors import submission_for
from jixiao.web.submissions.workflow import EDITABLE

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

HISTORY_ROWS = 50
"""Versions listed; older ones stay stored (and restorable through the API)."""
CHANGES_SHOWN = 30


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who saved what when, newest first, with the changes against the version before."""
    sub = submission_for(request.user, pk)
    rows = list(
        sub.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_ROWS + 1
        ]
    )
    entries: list[dict[str, Any]] = []
    for index, row in enumerate(rows[:HISTORY_ROWS]):
        older = rows[index + 1] if index + 1 < len(rows) else None
        changes = describe_changes(older.data, row.data) if older is not None else []
        entries.append(
            {
                "row": row,
                "first": older is None and len(rows) <= HISTORY_ROWS,
                "changes": changes[:CHANGES_SHOWN],
                "more": max(0, len(changes) - CHANGES_SHOWN),
                "status_changed": older is not None and older.status != row.status,
                "is_current": row.data == sub.data,
            }
        )
    context = {
        "sub": sub,
        "entries": entries,
        "truncated": len(rows) > HISTORY_ROWS,
        "can_restore": can(request.user, Action.EDIT, sub) and sub.status in EDITABLE,
        "conflicts": sub.conflicts.select_related("author").order_by("-at"),
    }
    return render(request, "submissions/history.html", context)


@login_required
@require_POST
def restore(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    """Make an earlier version current again (as a new version)."""
    sub = submission_for(request.user, pk, Action.EDIT)
    version = base_version(request)
    if version is None:
        messages.error(request, "缺少有效的版本号，未恢复。请刷新页面后重试。")
        return redirect("submissions:history", sub.pk)
    try:
        saved = services.restore(
            request.user, sub, history_id, base_version=version, request=request
        )
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("submissions:history", sub.pk)
    if saved.accepted:
        messages.success(request, f"已恢复，当前为第{saved.submission.version}版。")
    else:
        messages.error(
            request,
            f"恢复未执行：在您打开本页后，他人已保存了第{saved.submission.version}版。请查看最新历史后再决定是否恢复。",
        )
    return redirect("submissions:history", sub.pk)


@login_required
@require_GET
def conflict(request: HttpRequest, pk: int, conflict_id: int) -> HttpResponse:
    """One conflict copy: what it would change in the current version, field by field."""
    sub = submission_for(request.user, pk)
    copy = get_object_or_404(sub.conflicts.select_related("author"), pk=conflict_id)
    saver = (
        sub.history.filter(version=copy.current_version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
        .first()
    )
    context = {
        "sub": sub,
        "copy": copy,
        "saver": saver,
        "changes": describe_changes(sub.data, copy.data),
    }
    return render(request, "submissions/conflict.html", context)
