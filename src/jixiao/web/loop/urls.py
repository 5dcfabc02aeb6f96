"""Loop pages. Every route here has an entry in tests/web/loop/access.py."""

from __future__ import annotations

from django.urls import path

from jixiao.web.loop import copy_views, monitor_views, rereview_views, target_views

app_name = "loop"
urlpatterns = [
    path("targets/", target_views.targets, name="targets"),
    path("targets/<int:pk>/", target_views.target, name="target"),
    path("targets/<int:pk>/template.xlsx", target_views.target_template, name="target_template"),
    path("targets/<int:pk>/upload/", target_views.target_upload, name="target_upload"),
    path("rounds/", monitor_views.rounds, name="rounds"),
    path("rounds/<int:pk>/", monitor_views.round_fill, name="round_fill"),
    path("review/targets/", target_views.review_targets, name="review_targets"),
    path("review/targets/<int:pk>/", target_views.review_target, name="review_target"),
    path("review/rounds/", monitor_views.review_rounds, name="review_rounds"),
    path("review/rounds/<int:pk>/", monitor_views.board, name="board"),
    path("review/rereview/<int:pk>/", rereview_views.rereview, name="rereview"),
    path("review/calibration/", rereview_views.calibration, name="calibration"),
    path("review/copies/", copy_views.copies, name="copies"),
    path("review/copies/<int:pk>/", copy_views.copy_detail, name="copy_detail"),
]
