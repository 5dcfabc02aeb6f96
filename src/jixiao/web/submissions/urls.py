"""Unit pages. Every route here has an entry in tests/web/submissions/access.py."""

from __future__ import annotations

from django.urls import path

from jixiao.web.submissions import download_views, edit_views, history_views, views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("new/", views.create, name="create"),
    path("upload/", views.upload, name="upload"),
    path("template.xlsx", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/edit/<str:section>/", edit_views.edit, name="edit"),
    path("<int:pk>/row/", edit_views.row, name="row"),
    path("<int:pk>/panel/", edit_views.panel, name="panel"),
    path("<int:pk>/preview/<str:section>/", edit_views.preview, name="preview"),
    path("<int:pk>/report/<str:fmt>/", download_views.report, name="report"),
    path("<int:pk>/export.xlsx", download_views.excel, name="excel"),
    path("<int:pk>/data.<str:fmt>", download_views.data, name="data"),
    path("<int:pk>/history/", history_views.history, name="history"),
    path("<int:pk>/history/<int:history_id>/restore/", history_views.restore, name="restore"),
    path("<int:pk>/conflicts/<int:conflict_id>/", history_views.conflict, name="conflict"),
]
