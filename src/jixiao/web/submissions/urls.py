from __future__ import annotations

from django.urls import path

from jixiao.web.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_list, name="list"),
]
