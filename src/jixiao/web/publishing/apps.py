from __future__ import annotations

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Public pages and open data: published copies with classified items redacted."""

    name = "jixiao.web.publishing"
    label = "publishing"
    verbose_name = "信息公开"
