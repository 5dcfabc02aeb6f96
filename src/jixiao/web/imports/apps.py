from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Excel imports into a submission: preview, confirm, and the problems they left."""

    name = "jixiao.web.imports"
    label = "imports"
    verbose_name = "Excel导入"
