"""Who may use each unit page: the unit's editor and approver (and the administrator) work
on their own unit's submissions; the region's reviewer may look (overview, form read-only,
panel, downloads, history) but not edit or make unit moves; everyone else is refused
with 403 by `permissions`, the anonymous public is sent to the login page.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.web.access import Rule, same
from tests.web.conftest import World

from jixiao.web.submissions import services
from jixiao.web.submissions.models import ConflictCopy

UNIT_PAGE = same(200, reviewer=403, other_reviewer=403, anon=302)
"""Pages for any unit user (their own unit); reviewers have their own dashboard."""
VIEW = same(200, other_editor=403, other_reviewer=403, anon=302)
"""Read-only pages of one submission: its unit, its region's reviewer, the administrator."""
WRITE = same(302, reviewer=403, other_editor=403, other_reviewer=403)
"""Writes to one submission (a redirect after success): its unit and the administrator."""


def _clean(w: World) -> dict[str, int]:
    return {"pk": w.subs["clean"].pk}


def _first_history(w: World) -> dict[str, int]:
    sub = w.subs["clean"]
    return {"pk": sub.pk, "history_id": sub.history.earliest("history_date").history_id}


def _make_conflict(w: World) -> None:
    sub = w.subs["clean"]
    services.save(w.users["editor"], sub, sub.data, base_version=1)
    services.save(w.users["editor"], w.refresh("clean"), sub.data, base_version=1)


def _conflict(w: World) -> dict[str, int]:
    copy = ConflictCopy.objects.get(submission=w.subs["clean"])
    return {"pk": w.subs["clean"].pk, "conflict_id": copy.pk}


RULES = {
    "submissions:list": Rule(get=UNIT_PAGE),
    "submissions:template": Rule(get=UNIT_PAGE),
    "submissions:create": Rule(
        post=same(302, reviewer=403, other_reviewer=403),
        data=lambda w: {
            "mode": "empty",
            "year": timezone.localdate().year,
            "unit": w.units["home"].pk,
        },
    ),
    # Allowed users get 400: the file is not a workbook (the message says so).
    "submissions:upload": Rule(
        post=same(400, reviewer=403, other_reviewer=403, anon=302),
        data=lambda w: {
            "unit": w.units["home"].pk,
            "file": SimpleUploadedFile("x.xlsx", b"not a workbook"),
        },
    ),
    "submissions:detail": Rule(kwargs=_clean, get=VIEW),
    "submissions:move": Rule(
        kwargs=_clean, post=WRITE, data=lambda w: {"action": "send_to_approver"}
    ),
    "submissions:edit": Rule(
        kwargs=lambda w: {**_clean(w), "section": "unit"},
        get=VIEW,
        post=WRITE,
        data=lambda w: {"base_version": "1", "unit.name": "甲单位"},
    ),
    # Allowed users get 400: no list named (the fragment says so); others are refused first.
    "submissions:row": Rule(
        kwargs=_clean, get=same(400, reviewer=403, other_editor=403, other_reviewer=403, anon=302)
    ),
    "submissions:panel": Rule(kwargs=_clean, get=VIEW),
    "submissions:preview": Rule(
        kwargs=lambda w: {**_clean(w), "section": "finance"},
        post=same(200, reviewer=403, other_editor=403, other_reviewer=403, anon=302),
        data=lambda w: {"finance.revenue.total": "1"},
    ),
    "submissions:report": Rule(kwargs=lambda w: {**_clean(w), "fmt": "html"}, get=VIEW),
    "submissions:excel": Rule(kwargs=_clean, get=VIEW),
    "submissions:data": Rule(kwargs=lambda w: {**_clean(w), "fmt": "json"}, get=VIEW),
    "submissions:history": Rule(kwargs=_clean, get=VIEW),
    "submissions:restore": Rule(
        kwargs=_first_history, post=WRITE, data=lambda w: {"base_version": "1"}
    ),
    "submissions:conflict": Rule(kwargs=_conflict, get=VIEW, prepare=_make_conflict),
}
