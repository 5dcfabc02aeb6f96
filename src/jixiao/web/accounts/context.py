"""Template context: the signed-in user's role and scope, for the navigation bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.web.accounts.permissions import is_admin, is_reviewer, is_unit_user, membership

if TYPE_CHECKING:
    from django.http import HttpRequest


def role(request: HttpRequest) -> dict[str, Any]:
    """`membership`, `is_reviewer`, `is_unit_user`, `is_admin` for every template."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "membership": membership(user),
        "is_reviewer": is_reviewer(user),
        "is_unit_user": is_unit_user(user),
        "is_admin": is_admin(user),
    }
