"""Notices pages. Every route here has an entry in tests/web/notices/access.py."""

from __future__ import annotations

from django.urls import path

from jixiao.web.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="read"),
    path("missing/", views.missing, name="missing"),
    path("remind/", views.remind, name="remind"),
    path("deadline/", views.deadline, name="deadline"),
]
