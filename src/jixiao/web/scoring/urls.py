"""计分框架设置. Every route here has an entry in tests/web/scoring/access.py."""

from __future__ import annotations

from django.urls import path

from jixiao.web.scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.settings_page, name="settings"),
]
