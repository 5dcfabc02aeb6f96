from __future__ import annotations

from django.urls import path

from jixiao.web.publishing import views

app_name = "publishing"
urlpatterns = [
    path("index/", views.placeholder, name="index"),
]
