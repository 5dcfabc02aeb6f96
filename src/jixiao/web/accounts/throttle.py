"""Login throttling kept in the database, so it holds across server processes.

After `failures` failed logins within `window_seconds` for one user name, or from one
address, further attempts are refused until the window passes, even with the right
password; the user sees when to try again. A successful login clears the name's record.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from jixiao.web.accounts.models import LoginFailure


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_THROTTLE["window_seconds"])


def locked_minutes(username: str, ip: str | None) -> int:
    """Minutes until the next attempt is allowed; 0 when not locked."""
    since = timezone.now() - _window()
    match = Q(username=username.lower())
    if ip:
        match |= Q(ip=ip)
    recent = LoginFailure.objects.filter(match, at__gte=since).order_by("at")
    attempts = list(recent.values_list("at", flat=True)[: settings.LOGIN_THROTTLE["failures"]])
    if len(attempts) < settings.LOGIN_THROTTLE["failures"]:
        return 0
    free_at = attempts[0] + _window()
    return max(1, int((free_at - timezone.now()).total_seconds() // 60) + 1)


def note_failure(username: str, ip: str | None) -> None:
    """Remember one failed attempt."""
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)


def clear(username: str) -> None:
    """Forget a user name's failures after a successful login."""
    LoginFailure.objects.filter(username=username.lower()).delete()
