from __future__ import annotations

from django.apps import AppConfig


class ScoringConfig(AppConfig):
    """计分框架设置: which framework scores a region's submissions."""

    name = "jixiao.web.scoring"
    label = "scoring"
    verbose_name = "计分框架设置"
