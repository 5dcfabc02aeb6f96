"""Template context on every page: the unread-notification badge and the deadline banner."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.web.accounts.models import Role
from jixiao.web.accounts.permissions import membership
from jixiao.web.notices.selectors import unit_deadlines, unread

if TYPE_CHECKING:
    from django.http import HttpRequest


def notices(request: HttpRequest) -> dict[str, Any]:
    """`unread_notices` for signed-in users; `deadlines` (banner) for unit users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    found = membership(user)
    unit_user = found is not None and found.role in (Role.UNIT_EDITOR, Role.UNIT_APPROVER)
    return {
        "unread_notices": unread(user),
        "deadlines": unit_deadlines(user) if unit_user else [],
    }
