"""Report audit pages: upload existing report documents, see findings in their text.

Thin: `services.audit_uploads` checks sizes, runs the library's auditor and stores each
run; the run page rebuilds the highlighted text from what was stored (`highlight`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from jixiao.web.accounts.permissions import require_reviewer
from jixiao.web.review import selectors, services
from jixiao.web.review.highlight import pieces

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    """The upload form and the recent runs; POST audits the chosen files."""
    require_reviewer(request.user)
    status = 200
    if request.method == "POST":
        outcome = services.audit_uploads(request.user, request.FILES.getlist("files"))
        for text in outcome.refused:
            messages.error(request, text)
        if len(outcome.runs) == 1 and not outcome.refused:
            return redirect("review:audit_run", pk=outcome.runs[0].pk)
        if outcome.runs:
            messages.success(request, f"已核查{len(outcome.runs)}个文件。")
        else:
            status = 413 if any("上限" in t for t in outcome.refused) else 400
    elif request.method != "GET":
        status = 405
    # The list shows counts only: each run's document text and findings (megabytes for a
    # long report) stay in the database until the run itself is opened.
    runs = (
        selectors.audit_runs_for(request.user)
        .select_related("author")
        .defer("text", "findings")[:50]
    )
    context = {
        "runs": runs,
        "limit_mb": settings.UPLOAD_LIMIT_BYTES // (1024 * 1024),
        "batch_mb": settings.BATCH_UPLOAD_LIMIT_BYTES // (1024 * 1024),
    }
    return render(request, "review/audit.html", context, status=status)


@login_required
def audit_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One stored audit: findings, and the document text with the evidence marked."""
    require_reviewer(request.user)
    run = get_object_or_404(selectors.audit_runs_for(request.user), pk=pk)
    problems = list((run.findings or {}).get("problems") or [])
    context = {"run": run, "problems": problems, "pieces": pieces(run.text, problems)}
    return render(request, "review/audit_run.html", context)
