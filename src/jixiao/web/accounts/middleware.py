"""Security headers Django 5.2 does not set itself, and the forced password change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jixiao.web.accounts.passwords import SESSION_FLAG

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy from settings to every response.

    The policy forbids inline script and style, so an injected `<script>` in a unit name
    or an uploaded report would not run even if escaping ever failed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy: str = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Pass the request on and add the header unless a view set its own."""
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PasswordChangeRequiredMiddleware:
    """Sends a user whose password is still an initial one to the change page.

    The mark is in the session (set at sign-in, `passwords.note_sign_in`), so an ordinary
    request costs no query. Only the change page itself, signing out and static files stay
    reachable; an htmx request gets an `HX-Redirect` so the whole page moves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Redirect while the session carries the mark; otherwise pass the request on."""
        if request.session.get(SESSION_FLAG) and request.user.is_authenticated:
            target = reverse("accounts:password_change")
            open_paths = (target, reverse("accounts:logout"), settings.STATIC_URL)
            if not request.path_info.startswith(open_paths):
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
        return self.get_response(request)
