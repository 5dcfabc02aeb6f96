"""The login form, throttled before the password is even checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jixiao.web.accounts import throttle
from jixiao.web.accounts.audit import client_ip, record
from jixiao.web.accounts.models import AuditEvent


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form with a per-name and per-address lock (see `throttle.py`)."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }

    def clean(self) -> dict[str, Any]:
        """Refuse while locked; count and log a failed attempt."""
        username = str(self.data.get("username", ""))
        ip = client_ip(self.request)
        minutes = throttle.locked_minutes(username, ip)
        if minutes:
            record(AuditEvent.Kind.LOGIN_LOCKED, username=username, request=self.request)
            raise forms.ValidationError(
                f"登录失败次数过多，请在 {minutes} 分钟后再试。", code="throttled"
            )
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.note_failure(username, ip)
            record(AuditEvent.Kind.LOGIN_FAILED, username=username, request=self.request)
            raise
