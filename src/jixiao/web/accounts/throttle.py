"""Login throttling kept in the database, so it holds across server processes.

After `failures` failed logins within `window_seconds` for one user name, or
`address_failures` from one address, further attempts are refused until the window passes, even with the right
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


def _minutes(match: Q, limit: int) -> int:
    since = timezone.now() - _window()
    recent = LoginFailure.objects.filter(match, at__gte=since).order_by("-at")
    attempts = list(recent.values_list("at", flat=True)[:limit])
    if len(attempts) < limit:
        return 0
    free_at = attempts[-1] + _window()
    return max(1, int((free_at - timezone.now()).total_seconds() // 60) + 1)


def locked_minutes(username: str, ip: str | None) -> int:
    """Minutes until the next attempt is allowed; 0 when not locked."""
    limits = settings.LOGIN_THROTTLE
    by_name = _minutes(Q(username=username.lower()), limits["failures"])
    by_address = _minutes(Q(ip=ip), limits["address_failures"]) if ip else 0
    return max(by_name, by_address)


def note_failure(username: str, ip: str | None) -> None:
    """Remember one failed attempt."""
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)


def clear(username: str) -> None:
    """Forget a user name's failures after a successful login."""
    LoginFailure.objects.filter(username=username.lower()).delete()
