"""Every write of an import: stage a workbook for an existing submission, apply, discard.

The data is applied through `submissions.services.save` with the version the preview was
made from, so an import never overwrites a save made after the upload: that save wins,
the imported data is kept as a conflict copy, and the clerk is told to upload again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from jixiao.web.accounts.permissions import Action, require
from jixiao.web.imports.models import Import, State
from jixiao.web.submissions import services
from jixiao.web.submissions.workflow import EDITABLE

if TYPE_CHECKING:
    from django.http import HttpRequest

    from jixiao.web.submissions.models import Submission
    from jixiao.web.submissions.services import User

WORKBOOK_CODES = "excel."
"""The prefix of the workbook's own problems: those the stored data cannot show again."""


def workbook_problems(problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The problems of the file itself (cells, rows skipped), as problem dicts."""
    return [p for p in problems if str(p.get("code", "")).startswith(WORKBOOK_CODES)]


def record_created(
    user: User, sub: Submission, file_name: str, problems: list[dict[str, Any]]
) -> Import:
    """The import that created `sub`: applied already, kept for its workbook problems."""
    return Import.objects.create(
        submission=sub,
        file_name=file_name[:120],
        data=sub.data,
        problems=workbook_problems(problems),
        base_version=sub.version,
        state=State.APPLIED,
        created_by=services.author(user),
    )


def stage(
    user: User,
    sub: Submission,
    data: dict[str, Any],
    file_name: str,
    problems: list[dict[str, Any]],
) -> Import:
    """A workbook for a year that has a submission: kept pending until confirmed.

    The year and the unit of the stored submission win over the file's (see
    `services.pinned`), so the preview shows exactly what confirming would store.
    """
    require(user, Action.EDIT, sub)
    if sub.status not in EDITABLE:
        raise services.Refused(
            f"{sub.unit.name} {sub.fiscal_year}年自评当前为“{sub.get_status_display()}”，"
            "不能导入。退回修改后才能再导入。"
        )
    with transaction.atomic():
        sub.imports.filter(state=State.PENDING).update(state=State.DISCARDED)
        return Import.objects.create(
            submission=sub,
            file_name=file_name[:120],
            data=services.pinned(sub, services.plain(data)),
            problems=workbook_problems(problems),
            base_version=sub.version,
            state=State.PENDING,
            created_by=services.author(user),
        )


def apply(user: User, imp: Import, request: HttpRequest | None = None) -> services.Saved:
    """Store a pending import as the next version (refused if it is no longer pending)."""
    sub = imp.submission
    require(user, Action.EDIT, sub)
    if imp.state != State.PENDING:
        raise services.Refused(f"这次导入{imp.get_state_display()}，不能再确认。")
    saved = services.save(
        user,
        sub,
        imp.data,
        base_version=imp.base_version,
        reason=f"Excel导入：{imp.file_name}",
        request=request,
    )
    with transaction.atomic():
        if saved.accepted:
            sub.imports.filter(state=State.APPLIED).update(problems_done=True)
            imp.state = State.APPLIED
        else:
            imp.state = State.DISCARDED
        imp.save(update_fields=["state"])
    return saved


def discard(user: User, imp: Import) -> None:
    """Drop a pending import; the submission is unchanged."""
    require(user, Action.EDIT, imp.submission)
    if imp.state == State.PENDING:
        imp.state = State.DISCARDED
        imp.save(update_fields=["state"])


def dismiss(user: User, imp: Import) -> None:
    """The clerk has dealt with the workbook's problems: stop showing them."""
    require(user, Action.EDIT, imp.submission)
    imp.problems_done = True
    imp.save(update_fields=["problems_done"])
