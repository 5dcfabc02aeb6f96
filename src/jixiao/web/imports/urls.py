"""Import pages. Every route here has an entry in tests/web/imports/access.py."""

from __future__ import annotations

from django.urls import path

from jixiao.web.imports import views

app_name = "imports"
urlpatterns = [
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
]
