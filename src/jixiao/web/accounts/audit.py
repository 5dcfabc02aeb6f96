"""Writing the audit log: one function, so every entry has the same shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.web.accounts.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address (REMOTE_ADDR); a proxy's X-Forwarded-For is not trusted here."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    request: HttpRequest | None = None,
    submission_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Append one event to the audit log."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        kind=kind,
        actor_id=None if user is None else user.pk,
        username=username or (user.get_username() if user is not None else ""),
        ip=client_ip(request),
        submission_id=submission_id,
        detail=detail,
    )
