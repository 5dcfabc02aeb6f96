"""Public URLs (no sign-in). Fixed prefixes come before `<code>/<year>/`.

A region code is matched by `AnyCode`, not Django's `slug`: codes are checked where a
region is made (2–12 digits), but a value stored before that check (say "4309.01:测试区")
must still give a working link instead of an error on the public index.
"""

from __future__ import annotations

from django.urls import path, register_converter

from jixiao.web.publishing import views


class AnyCode:
    """Any non-empty region code; `reverse` percent-encodes what a URL cannot hold."""

    regex = ".+?"

    def to_python(self, value: str) -> str:
        """The code as stored."""
        return value

    def to_url(self, value: str) -> str:
        """The code as it goes into the path."""
        return value


register_converter(AnyCode, "code")

app_name = "publishing"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/<int:pk>/", views.detail, name="detail"),
    path("document/<int:pk>/", views.document, name="document"),
    path("<code:code>/<int:year>/", views.region, name="region"),
    path("<code:code>/<int:year>/open-data.<slug:fmt>", views.open_data, name="open_data"),
]
