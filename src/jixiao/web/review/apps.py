from __future__ import annotations

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """Finance bureau pages: dashboard, review and comments, report audit, exports."""

    name = "jixiao.web.review"
    label = "review"
    verbose_name = "财政审核"
