from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API: token auth, an OpenAPI description, the same services as the pages."""

    name = "jixiao.web.api"
    label = "api"
    verbose_name = "数据接口"
