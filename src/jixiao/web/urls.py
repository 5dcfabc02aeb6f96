"""The site map: one prefix per app, so the access test can walk every route by app."""

from __future__ import annotations

from django.urls import include, path

from jixiao.web.accounts.views import home
from jixiao.web.ops import health

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("jixiao.web.accounts.urls")),
    path("submissions/", include("jixiao.web.submissions.urls")),
    path("review/", include("jixiao.web.review.urls")),
    path("public/", include("jixiao.web.publishing.urls")),
    path("api/", include("jixiao.web.api.urls")),
    path("jobs/", include("jixiao.web.jobs.urls")),
    path("imports/", include("jixiao.web.imports.urls")),
    path("notices/", include("jixiao.web.notices.urls")),
    path("scoring/", include("jixiao.web.scoring.urls")),
    path("loop/", include("jixiao.web.loop.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "jixiao.web.errors.bad_request"
handler403 = "jixiao.web.errors.forbidden"
handler404 = "jixiao.web.errors.not_found"
handler500 = "jixiao.web.errors.server_error"
