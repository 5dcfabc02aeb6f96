"""API routes: JSON endpoints (views, tools) and the human pages (pages)."""

from __future__ import annotations

from django.urls import path

from jixiao.web.api import pages, tools, views

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
    path("openapi.json", pages.openapi_json, name="openapi"),
    path("docs/", pages.docs, name="docs"),
    path("tokens/", pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
