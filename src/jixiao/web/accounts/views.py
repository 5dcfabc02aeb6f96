"""Sign in and out, and the home page that sends each role to its starting page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from jixiao.web.accounts.forms import ThrottledLoginForm
from jixiao.web.accounts.permissions import is_reviewer, is_unit_user

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class LoginView(auth_views.LoginView):
    """The login page (throttled, audited)."""

    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires)."""


def home(request: HttpRequest) -> HttpResponse:
    """Reviewers to the dashboard, unit users to their submissions, others to the public."""
    if is_reviewer(request.user):
        return redirect("review:dashboard")
    if is_unit_user(request.user):
        return redirect("submissions:list")
    return redirect("publishing:index")
