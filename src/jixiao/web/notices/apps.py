from __future__ import annotations

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Deadlines, to-dos and notifications: who must do what next, and by when."""

    name = "jixiao.web.notices"
    label = "notices"
    verbose_name = "通知与待办"

    def ready(self) -> None:
        # A workflow move announces itself with a signal; the receiver tells the people
        # who act next (the workflow itself never names this app).
        from jixiao.web.notices import receivers  # noqa: F401
