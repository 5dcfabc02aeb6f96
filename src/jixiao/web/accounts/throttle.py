"""Login throttling kept in the database, so it holds across server processes.

Two counters, for two different attacks (issue 11, item 5):

- **Per account** (the normalised key of `usernames.account_key`, so every spelling that
  reaches a user counts against that user): after `failures` failed logins within
  `window_seconds` the account is locked — but only for the addresses those failures came
  from. Someone guessing at `caizheng` from one machine cannot lock the real `caizheng` out
  of their own desk; a guesser who moves to a fresh address gets one try there before that
  address is shut too. A success clears only the failures from the succeeding address.
- **Per address** (the peer, or the client behind a trusted proxy: `audit.client_ip`):
  after `address_failures` failures from one address, across any names, every attempt
  from it waits `address_delay_seconds`, doubling each time the count doubles, up to
  `address_delay_max_seconds`. It slows password spraying without ever locking: a whole
  bureau behind one NAT address still signs in, a few seconds slower.

Administrators see current lockouts and lift them (`views.lockouts`).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from jixiao.web.accounts.models import LoginFailure


@dataclass(frozen=True)
class Verdict:
    """What to do with one attempt: refuse for some minutes, or wait some seconds first."""

    locked_minutes: int
    delay_seconds: float


@dataclass(frozen=True)
class Lockout:
    """A locked account as the administrator sees it."""

    account: str
    failures: int
    addresses: tuple[str, ...]
    last: datetime
    until: datetime


@dataclass(frozen=True)
class SlowAddress:
    """An address whose attempts are being slowed."""

    ip: str
    failures: int
    delay_seconds: float
    until: datetime


def limits() -> dict[str, int]:
    """The thresholds in force (settings.LOGIN_THROTTLE), also shown to the administrator."""
    found: dict[str, int] = settings.LOGIN_THROTTLE
    return found


def _window() -> timedelta:
    return timedelta(seconds=limits()["window_seconds"])


def _minutes_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - timezone.now()).total_seconds() / 60))


def _locked_minutes(account: str, ip: str | None) -> int:
    limit = limits()["failures"]
    recent = LoginFailure.objects.filter(username=account, at__gte=timezone.now() - _window())
    latest = list(recent.order_by("-at").values_list("at", flat=True)[:limit])
    if len(latest) < limit:
        return 0
    free_at = latest[-1] + _window()
    if ip is not None:
        here = recent.filter(ip=ip).aggregate(last=Max("at"))["last"]
        if here is None:
            return 0  # this address has not failed for the account: let it try
        free_at = min(free_at, here + _window())
    return _minutes_until(free_at)


def _delay_for(failures: int) -> float:
    given = limits()
    threshold = given["address_failures"]
    if failures < threshold:
        return 0.0
    doublings = int(math.log2(failures / threshold))
    longest = given["address_delay_max_seconds"]
    return float(min(longest, given["address_delay_seconds"] * 2**doublings))


def _address_failures(ip: str) -> int:
    """Failures from `ip` in the window, counted only as far as the delay can still grow."""
    given = limits()
    growth = math.ceil(given["address_delay_max_seconds"] / max(1, given["address_delay_seconds"]))
    recent = LoginFailure.objects.filter(ip=ip, at__gte=timezone.now() - _window())
    return len(recent.values_list("id", flat=True)[: given["address_failures"] * max(1, growth)])


def assess(account: str, ip: str | None) -> Verdict:
    """Whether an attempt at `account` from `ip` is refused, or first slowed."""
    delay = _delay_for(_address_failures(ip)) if ip else 0.0
    return Verdict(_locked_minutes(account, ip), delay)


_slots: threading.BoundedSemaphore | None = None
_slots_made = threading.Lock()


def _waiting_slots() -> threading.BoundedSemaphore:
    global _slots  # one semaphore per process, made on first use
    with _slots_made:
        if _slots is None:
            _slots = threading.BoundedSemaphore(limits()["delay_slots"])
        return _slots


def wait(seconds: float) -> bool:
    """Sleep before answering a slowed address; False when too many already wait.

    A waiting attempt holds a server thread. At most `delay_slots` attempts per process
    wait at once, so a flood from slowed addresses cannot occupy every thread: the extra
    attempts are turned away at once (not counted, nothing locked) and may simply retry.
    """
    if seconds <= 0:
        return True
    slots = _waiting_slots()
    if not slots.acquire(blocking=False):
        return False
    try:
        time.sleep(seconds)
    finally:
        slots.release()
    return True


def note_failure(account: str, ip: str | None) -> None:
    """Remember one failed attempt, and forget attempts older than the window."""
    LoginFailure.objects.filter(at__lt=timezone.now() - _window()).delete()
    LoginFailure.objects.create(username=account[:150], ip=ip)


def succeeded(account: str, ip: str | None) -> None:
    """After a sign-in, forget this address's failures for the account (not others')."""
    mine = LoginFailure.objects.filter(username=account)
    (mine if ip is None else mine.filter(ip=ip)).delete()


def lockouts(limit: int = 200) -> list[Lockout]:
    """Accounts locked now (for at least one address), most recent first."""
    since = timezone.now() - _window()
    rows = (
        LoginFailure.objects.filter(at__gte=since)
        .values("username")
        .annotate(failures=Count("id"), last=Max("at"))
        .filter(failures__gte=limits()["failures"])
        .order_by("-last")[:limit]
    )
    found = list(rows)
    addresses: dict[str, set[str]] = {row["username"]: set() for row in found}
    pairs = LoginFailure.objects.filter(at__gte=since, username__in=addresses).values_list(
        "username", "ip"
    )
    for account, ip in pairs.distinct():
        addresses[account].add(ip or "未知")
    return [
        Lockout(
            account=row["username"],
            failures=row["failures"],
            addresses=tuple(sorted(addresses[row["username"]])),
            last=row["last"],
            until=row["last"] + _window(),
        )
        for row in found
    ]


def slowed_addresses(limit: int = 200) -> list[SlowAddress]:
    """Addresses whose attempts are slowed now, most failures first."""
    rows = (
        LoginFailure.objects.filter(at__gte=timezone.now() - _window(), ip__isnull=False)
        .values("ip")
        .annotate(failures=Count("id"), last=Max("at"))
        .filter(failures__gte=limits()["address_failures"])
        .order_by("-failures")[:limit]
    )
    return [
        SlowAddress(
            str(row["ip"]), row["failures"], _delay_for(row["failures"]), row["last"] + _window()
        )
        for row in rows
    ]


def lift_account(account: str) -> int:
    """Forget every failure for the account (an administrator's unlock); how many."""
    deleted, _ = LoginFailure.objects.filter(username=account).delete()
    return deleted


def lift_address(ip: str) -> int:
    """Forget every failure from the address; how many."""
    deleted, _ = LoginFailure.objects.filter(ip=ip).delete()
    return deleted
