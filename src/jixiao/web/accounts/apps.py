from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, their roles, regions and units, login throttling and the audit log."""

    name = "jixiao.web.accounts"
    label = "accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from jixiao.web.accounts import (  # noqa: F401  (connect receivers, register checks)
            deploy_checks,
            signals,
        )
