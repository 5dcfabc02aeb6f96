"""Job pages. Every route here has an entry in tests/web/jobs/access.py."""

from __future__ import annotations

from django.urls import path

from jixiao.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/status.json", views.status, name="status"),
    path("<int:pk>/file/", views.download, name="download"),
    path("audit-batch/", views.audit_batch_start, name="audit_batch"),
    path("region-reports/", views.region_reports_start, name="region_reports"),
    path("reminders/", views.reminders_start, name="reminders"),
]
