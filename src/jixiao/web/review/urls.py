from __future__ import annotations

from django.urls import path
from django.views.generic import RedirectView

from jixiao.web.review import audit_views, review_views, views

app_name = "review"
urlpatterns = [
    # /review/ typed by hand or cut from a longer address lands on the work page, not a 404.
    path("", RedirectView.as_view(pattern_name="review:dashboard"), name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("export/<slug:fmt>/", views.export, name="export"),
    path("sample/", views.sample, name="sample"),
    path("application/", views.application, name="application"),
    path("bulk/", review_views.bulk, name="bulk"),
    path("submission/<int:pk>/", review_views.detail, name="detail"),
    path("submission/<int:pk>/comment/", review_views.comment, name="comment"),
    path("submission/<int:pk>/move/", review_views.move, name="move"),
    path("submission/<int:pk>/report/<slug:fmt>/", review_views.report, name="report"),
    path("audit/", audit_views.audit, name="audit"),
    path("audit/<int:pk>/", audit_views.audit_run, name="audit_run"),
]
