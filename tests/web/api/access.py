"""API routes: a Bearer token per role (made inside the test's world); anonymous → 401.

Out-of-scope objects answer 403, as `selectors.submission_for` does for the pages.
The human pages under /api/ (docs, tokens) follow the page rules (anonymous → login).
"""

from __future__ import annotations

import io
import json
from typing import Any

from tests.web.access import Rule, same
from tests.web.conftest import CLEAN, World

from jixiao.web.api.models import ApiToken
from jixiao.web.api.tokens import create_token

UNIT: dict[str | None, int] = {"editor": 200, "approver": 200, "reviewer": 200, "admin": 200}
"""Roles that may read the home unit's submissions."""


def bearer(w: World, role: str | None) -> dict[str, str]:
    """A fresh token of the role's user (none for anonymous)."""
    if role is None:
        return {}
    _token, secret = create_token(w.users[role], "access test")
    return {"Authorization": f"Bearer {secret}"}


def clean(w: World) -> dict[str, Any]:
    """URL arguments naming the clean submission of the home unit."""
    return {"pk": w.subs["clean"].pk}


def read() -> dict[str | None, int]:
    """Home-unit roles 200, other region 403, anonymous 401."""
    return {**same(403, anon=401), **UNIT}


def _revocable(w: World) -> None:
    create_token(w.users["editor"], "revoke me")


def _report(w: World) -> dict[str, Any]:
    return {"pk": w.subs["clean"].pk, "fmt": "html"}


RULES = {
    "api:submissions": Rule(
        get=same(200, anon=401),
        post={**same(403, anon=401), "editor": 201, "approver": 201, "admin": 201},
        data=lambda w: {"year": 2030, "unit": w.units["home"].pk},
        headers=bearer,
    ),
    "api:submission": Rule(kwargs=clean, get=read(), post=same(405), headers=bearer),
    "api:problems": Rule(kwargs=clean, get=read(), headers=bearer),
    "api:score": Rule(kwargs=clean, get=read(), headers=bearer),
    "api:moves": Rule(
        kwargs=clean,
        post={**same(403, anon=401), "editor": 200, "approver": 200, "admin": 200},
        data=lambda w: {"action": "send_to_approver"},
        headers=bearer,
    ),
    "api:report": Rule(kwargs=_report, get=read(), headers=bearer),
    "api:check": Rule(
        post=same(200, anon=401), data=lambda w: {"data": json.dumps(CLEAN)}, headers=bearer
    ),
    "api:score_data": Rule(
        post=same(200, anon=401), data=lambda w: {"data": json.dumps(CLEAN)}, headers=bearer
    ),
    "api:audit": Rule(
        post={**same(403, anon=401), "reviewer": 200, "admin": 200, "other_reviewer": 200},
        data=lambda w: {"files": _upload()},
        headers=bearer,
    ),
    "api:publications": Rule(get=same(200), headers=bearer),
    "api:openapi": Rule(get=same(200), headers=bearer),
    "api:docs": Rule(get=same(200)),
    "api:tokens": Rule(
        get=same(200, anon=302), post=same(200, anon=302), data=lambda w: {"name": "脚本"}
    ),
    "api:token_revoke": Rule(
        kwargs=lambda w: {"pk": ApiToken.objects.get(name="revoke me").pk},
        post={**same(404, anon=302), "editor": 302},
        prepare=_revocable,
    ),
}


def _upload() -> io.BytesIO:
    upload = io.BytesIO("一、部门基本情况\n全年预算数100万元，执行数90万元，执行率95%。\n".encode())
    upload.name = "report.txt"
    return upload
