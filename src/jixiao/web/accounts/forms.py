"""The login form, throttled before the password is even checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from jixiao.web.accounts import throttle
from jixiao.web.accounts.audit import client_ip, record
from jixiao.web.accounts.models import AuditEvent
from jixiao.web.accounts.usernames import account_key


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form with the account lock and the address delay of `throttle.py`."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }

    def clean(self) -> dict[str, Any]:
        """Refuse while locked, slow a noisy address; count and log a failed attempt."""
        typed = self.cleaned_data.get("username")
        if not typed or not self.cleaned_data.get("password"):
            return super().clean()  # nothing to check a password against: no attempt made
        account = account_key(typed)
        ip = client_ip(self.request)
        verdict = throttle.assess(account, ip)
        if verdict.locked_minutes:
            record(AuditEvent.Kind.LOGIN_LOCKED, username=account, request=self.request)
            raise forms.ValidationError(
                f"登录失败次数过多，请在 {verdict.locked_minutes} 分钟后再试，或请管理员解除锁定。",
                code="throttled",
            )
        if not throttle.wait(verdict.delay_seconds):
            raise forms.ValidationError("登录请求过多，请几秒后再试。", code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.note_failure(account, ip)
            record(AuditEvent.Kind.LOGIN_FAILED, username=account, request=self.request)
            raise
