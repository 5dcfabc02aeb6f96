"""Who may use each finance route: reviewers of the region (and the administrator) only."""

from __future__ import annotations

from typing import Any

from tests.web.access import Rule, same
from tests.web.conftest import SUBMIT, World, advance

PAGE = same(403, reviewer=200, admin=200, other_reviewer=200, anon=302)
"""A region-wide page: every reviewer sees their own region's; unit roles are refused."""
ONE = same(403, reviewer=200, admin=200, anon=302)
"""One submission of the home region: its reviewer and the administrator only."""


def _sub(key: str) -> Any:
    return lambda w: {"pk": w.subs[key].pk}


def _submitted(w: World) -> None:
    advance(w, "clean", *SUBMIT)


def _audit_run(w: World) -> None:
    from jixiao.web.review.services import audit_one

    audit_one(w.users["reviewer"], "report.txt", "一、基本情况\n本年总支出100万元。".encode())


def _run_pk(w: World) -> dict[str, Any]:
    from jixiao.web.review.models import AuditRun

    return {"pk": AuditRun.objects.get().pk}


RULES = {
    "review:index": Rule(get=same(302)),  # a redirect to the dashboard, which then decides
    "review:dashboard": Rule(get=PAGE),
    "review:export": Rule(kwargs=lambda w: {"fmt": "csv"}, get=PAGE),
    "review:sample": Rule(get=PAGE),
    "review:application": Rule(get=PAGE),
    "review:detail": Rule(kwargs=_sub("clean"), get=ONE),
    "review:report": Rule(kwargs=lambda w: {"pk": w.subs["clean"].pk, "fmt": "html"}, get=ONE),
    "review:comment": Rule(
        kwargs=_sub("clean"),
        post=same(403, reviewer=302, admin=302, anon=302),
        data=lambda w: {"section": "general", "text": "请补充说明。"},
    ),
    "review:move": Rule(
        kwargs=_sub("clean"),
        prepare=_submitted,
        post=same(403, reviewer=302, admin=302, anon=302),
        data=lambda w: {"action": "approve"},
    ),
    "review:bulk": Rule(
        prepare=_submitted,
        post=same(403, reviewer=302, admin=302, other_reviewer=302, anon=302),
        data=lambda w: {"action": "approve", "ids": [str(w.subs["clean"].pk)]},
    ),
    "review:audit": Rule(get=PAGE),
    # A stored run is reopened by reviewers of the uploader's region (404 elsewhere).
    "review:audit_run": Rule(
        prepare=_audit_run,
        kwargs=_run_pk,
        get=same(403, reviewer=200, admin=200, other_reviewer=404, anon=302),
    ),
}
