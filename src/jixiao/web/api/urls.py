from __future__ import annotations

from django.urls import path

from jixiao.web.api import views

app_name = "api"
urlpatterns = [
    path("docs/", views.placeholder, name="docs"),
]
