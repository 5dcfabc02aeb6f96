"""Audit-log entries for logins and logouts (Django sends the signals)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from jixiao.web.accounts import throttle
from jixiao.web.accounts.audit import record
from jixiao.web.accounts.models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    throttle.clear(user.get_username())
    record(AuditEvent.Kind.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditEvent.Kind.LOGOUT, actor=user, request=request)
