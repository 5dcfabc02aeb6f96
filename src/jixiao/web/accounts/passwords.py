"""Passwords a user chose: the forced change of an initial password, change and reset.

An initial password is one somebody else chose — the demo loader, `add_member`, an
administrator — and may have been printed, mailed or read aloud. `require_change` marks
such a user; at their next sign-in the mark is copied into the session and every page
sends them to the change page until they have set their own (`middleware`). Change and
reset are Django's views with the site's Chinese templates; both clear the mark and write
the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.urls import reverse_lazy

from jixiao.web.accounts.audit import record
from jixiao.web.accounts.models import AuditEvent, PasswordChangeRequired

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest, HttpResponse

SESSION_FLAG = "jixiao_must_change_password"
"""Session key set at sign-in while the user's password is still an initial one."""


def require_change(user: AbstractBaseUser, reason: str) -> None:
    """Mark `user`'s password as chosen by someone else (changed at the next sign-in)."""
    PasswordChangeRequired.objects.update_or_create(user_id=user.pk, defaults={"reason": reason})


def must_change(user: AbstractBaseUser) -> bool:
    """Whether `user` still has an initial password."""
    return PasswordChangeRequired.objects.filter(user_id=user.pk).exists()


def note_sign_in(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Copy the mark into the session, so pages need no query to enforce it."""
    if must_change(user):
        request.session[SESSION_FLAG] = True


def _chosen(request: HttpRequest, user: AbstractBaseUser, how: str) -> None:
    PasswordChangeRequired.objects.filter(user_id=user.pk).delete()
    if hasattr(request, "session"):
        request.session.pop(SESSION_FLAG, None)
    record(
        AuditEvent.Kind.PASSWORD, actor=user, username=user.get_username(), request=request, how=how
    )


class ChangeForm(PasswordChangeForm):
    """Django's form, refusing a "new" password equal to the old one."""

    def clean_new_password2(self) -> str:
        """The new password, unless it is the one being replaced."""
        new: str = self.cleaned_data["new_password2"]
        if self.user.check_password(new):
            raise forms.ValidationError("新密码不能与原密码相同。", code="password_unchanged")
        return new


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: required once after an initial password, open to everyone signed in."""

    form_class = ChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Whether this is the forced change (the page says why)."""
        context = super().get_context_data(**kwargs)
        context["forced"] = bool(self.request.session.get(SESSION_FLAG))
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        """Save, keep the session signed in (Django), clear the mark, log it."""
        response = super().form_valid(form)
        _chosen(self.request, form.user, "change")
        messages.success(self.request, "密码已修改。")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """忘记密码: mails a one-time link to the address on file.

    The page never says whether an address is known, so it cannot be used to find accounts.
    """

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        """How long the link works, for the mail."""
        return {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """How long the link works, for the page."""
        return {**super().get_context_data(**kwargs), **self.extra_email_context}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """The "mail sent" page."""

    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link's page: set a new password (the user chose it: the mark is cleared)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        """Save the new password, clear the mark, log it."""
        response = super().form_valid(form)
        _chosen(self.request, form.user, "reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """The "password set, sign in" page."""

    template_name = "accounts/password_reset_complete.html"
