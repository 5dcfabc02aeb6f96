"""Audit-log entries for logins and logouts, and one spelling for every new user name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import pre_save
from django.dispatch import receiver

from jixiao.web.accounts import passwords, throttle
from jixiao.web.accounts.audit import client_ip, record
from jixiao.web.accounts.models import AuditEvent
from jixiao.web.accounts.usernames import account_key


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    throttle.succeeded(account_key(user.get_username()), client_ip(request))
    record(AuditEvent.Kind.LOGIN, actor=user, request=request)
    if request is not None and hasattr(request, "session"):
        passwords.note_sign_in(request, user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditEvent.Kind.LOGOUT, actor=user, request=request)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _normalise_username(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Store every new user name as its account key, however it was created (usernames.py).

    Only on creation: a name kept as it was by the data migration (its key was taken) is
    not silently renamed by a later save.
    """
    name = instance.get_username()
    if name and instance._state.adding:
        setattr(instance, instance.USERNAME_FIELD, account_key(name))
