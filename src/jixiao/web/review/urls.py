from __future__ import annotations

from django.urls import path

from jixiao.web.review import views

app_name = "review"
urlpatterns = [
    path("dashboard/", views.placeholder, name="dashboard"),
    path("audit/", views.placeholder, name="audit"),
]
