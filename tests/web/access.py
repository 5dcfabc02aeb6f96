"""The access table format shared by every app's `tests/web/<app>/access.py`.

Each app lists every one of its routes with the status each role gets. `test_access.py`
walks the URLconf and fails when a route has no entry, so a new view cannot ship without
saying who may use it. Roles are the keys of `conftest.ROLE_KEYS` plus None (anonymous).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.web.conftest import ROLE_KEYS, World

ROLES: tuple[str | None, ...] = (*ROLE_KEYS, None)
"""Every role an access rule must cover: the signed-in role keys and the anonymous public."""

Expect = Mapping[str | None, int]
"""Role key (None = anonymous) → expected HTTP status."""


def same(status: int, **overrides: int) -> dict[str | None, int]:
    """Every role gets `status`, except those named (use anon=… for the anonymous public)."""
    out: dict[str | None, int] = dict.fromkeys(ROLES, status)
    for key, value in overrides.items():
        out[None if key == "anon" else key] = value
    return out


@dataclass(frozen=True)
class Rule:
    """How one route is called and what each role gets.

    `kwargs` builds the URL arguments from the world (e.g. the id of a submission);
    `get`/`post` give the expected status per role (leave one empty to skip that method);
    `data` builds the POST body; `prepare` may move the world into a needed state first
    (it runs on a fresh world for every role, so one role's POST never affects another's).
    """

    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    get: Expect = field(default_factory=dict)
    post: Expect = field(default_factory=dict)
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    prepare: Callable[[World], None] | None = None
    headers: Callable[[World, str | None], dict[str, str]] | None = None
    """Extra request headers per role (the API's token auth uses this)."""
