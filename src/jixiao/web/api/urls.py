"""API routes: JSON endpoints (views, tools) and the human pages (pages)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.api import loop_views, pages, tools, views

app_name = "api"
urlpatterns = [
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/problems/", views.problems, name="problems"),
    path("submissions/<int:pk>/score/", views.score, name="score"),
    path("submissions/<int:pk>/moves/", views.moves, name="moves"),
    path("submissions/<int:pk>/report.<slug:fmt>", views.report, name="report"),
    path("check/", tools.check, name="check"),
    path("score/", tools.score_data, name="score_data"),
    path("audit/", tools.audit, name="audit"),
    path("publications/", tools.publications, name="publications"),
    path("targets/", loop_views.targets, name="targets"),
    path("targets/<int:pk>/", loop_views.target, name="target"),
    path("targets/<int:pk>/moves/", loop_views.target_moves, name="target_moves"),
    path("targets/<int:pk>/adjustments/", loop_views.target_adjustments, name="target_adjustments"),
    path("rounds/", loop_views.rounds, name="rounds"),
    path("rounds/<int:pk>/filing/", loop_views.round_filing, name="round_filing"),
    path("rounds/<int:pk>/warnings/", loop_views.round_warnings, name="round_warnings"),
    path("rereviews/<int:pk>/", loop_views.rereview, name="rereview"),
    path("calibration/", loop_views.calibration, name="calibration"),
    path("openapi.json", pages.openapi_json, name="openapi"),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
