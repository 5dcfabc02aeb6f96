"""Public URLs (no sign-in). Fixed prefixes come before `<code>/<year>/`."""

from __future__ import annotations

from django.urls import path

from jixiao.web.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.index, name="index"),
    path("report/<int:pk>/", views.detail, name="detail"),
    path("document/<int:pk>/", views.document, name="document"),
    path("<slug:code>/<int:year>/", views.region, name="region"),
    path("<slug:code>/<int:year>/open-data.<slug:fmt>", views.open_data, name="open_data"),
]
