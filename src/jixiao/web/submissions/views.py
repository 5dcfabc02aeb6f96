"""Unit pages (being built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render

from jixiao.web.accounts.permissions import require_unit_user
from jixiao.web.submissions.selectors import visible_submissions

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def submission_list(request: HttpRequest) -> HttpResponse:
    """The unit's submissions by year."""
    require_unit_user(request.user)
    subs = visible_submissions(request.user).order_by("-fiscal_year")
    return render(request, "submissions/list.html", {"submissions": subs})
