"""Finance dashboard pages: the region's submissions, exports, spot-check and 结果应用.

Thin: parse the query string (`forms.DashboardFilter`), ask `selectors` for the scoped,
filtered and sorted rows and the chart figures, ask `jixiao.review` for the sample and the
budget treatments, render. Who may look is decided by `permissions.require_reviewer` and
`visible_submissions`; nothing here tests a role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jixiao.review import apply_results, execution_bucket, select_sample
from jixiao.web.accounts.permissions import require_reviewer
from jixiao.web.loop import selectors as loop_selectors
from jixiao.web.notices.selectors import region_deadline
from jixiao.web.review import charts, exports, selectors
from jixiao.web.review.forms import ERROR_CHOICES, GRADE_CHOICES, DashboardFilter
from jixiao.web.submissions.models import Status

if TYPE_CHECKING:
    from django.http import HttpRequest

    from jixiao.web.review.selectors import Scope

PAGE_SIZE = 50
GRADE_CSS = {"优": "bar g-a", "良": "bar g-b", "中": "bar g-c", "差": "bar g-d"}
COLUMNS = (
    ("unit", "单位", False),
    ("status", "状态", False),
    ("score", "复核计算得分", True),
    ("stated_score", "自评得分", True),
    ("gap", "差额", True),
    ("grade", "等级", False),
    ("execution_rate", "执行率", True),
    ("errors", "错误", True),
    ("warnings", "警告", True),
    ("submitted_at", "报送时间", False),
)


def _scoped(request: HttpRequest) -> tuple[Scope, dict[str, Any]]:
    require_reviewer(request.user)
    values = DashboardFilter(request.GET).values()
    return selectors.scope_for(request.user, values.get("year"), values.get("region")), values


def _query(values: dict[str, Any], scope: Scope, **changes: Any) -> str:
    """The query string of the current view with some values changed (for links)."""
    from django.utils.http import urlencode

    base = {k: v for k, v in values.items() if v not in (None, "") and k != "page"}
    base["year"], base["region"] = scope.year, scope.region.pk if scope.region else None
    base.update(changes)
    return urlencode({k: v for k, v in base.items() if v not in (None, "")})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """All submissions of the region and year: counts, charts, the sortable table."""
    scope, values = _scoped(request)
    base = selectors.in_scope(request.user, scope)
    chosen = selectors.filtered(base, values)
    key, descending = selectors.sort_key(values)
    page = Paginator(selectors.sorted_rows(chosen, key, descending), PAGE_SIZE).get_page(
        values.get("page") or 1
    )
    status_counts = selectors.status_counts(base)
    bands = selectors.review_rules(scope.region).execution
    buckets = {band.label: 0 for band in bands.bands} | {bands.missing_label: 0}
    for rate in chosen.values_list("execution_rate", flat=True):
        buckets[execution_bucket(rate, bands)] += 1
    headers = [
        {
            "key": k,
            "title": t,
            "num": num,
            "active": k == key,
            "arrow": ("▼" if descending else "▲") if k == key else "",
            "query": _query(
                values,
                scope,
                sort=k,
                dir="asc" if k == key and descending else ("desc" if k == key else "asc"),
            ),
        }
        for k, t, num in COLUMNS
    ]
    context = {
        "scope": scope,
        "values": values,
        "page": page,
        "headers": headers,
        "status_counts": status_counts,
        "queue_count": {v: n for v, _, n in status_counts}.get(Status.SUBMITTED, 0),
        "all_count": sum(n for _, _, n in status_counts),
        "scope_query": _query({}, scope),
        "deadline": region_deadline(scope.region, scope.year),
        "status_choices": Status.choices,
        "grade_choices": GRADE_CHOICES,
        "error_choices": ERROR_CHOICES,
        "grade_chart": charts.bar_chart(selectors.grade_counts(chosen), GRADE_CSS),
        "score_chart": charts.scatter(chosen.values_list("stated_score", "score")),
        "rate_chart": charts.bar_chart(buckets),
        "filtered_count": page.paginator.count,
        "query": _query(values, scope),
        "page_query": _query(values, scope, sort=key, dir="desc" if descending else "asc"),
    }
    return render(request, "review/dashboard.html", context)


@login_required
@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's filtered, sorted rows as CSV or Excel."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    scope, values = _scoped(request)
    key, descending = selectors.sort_key(values)
    rows = selectors.sorted_rows(
        selectors.filtered(selectors.in_scope(request.user, scope), values), key, descending
    )
    name = f"{scope.region.name if scope.region else ''}{scope.year or ''}年自评审核"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(rows, name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = _attachment(f"{name}.{fmt}")
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return (
        f"attachment; filename=\"review.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
    )


@login_required
@require_GET
def sample(request: HttpRequest) -> HttpResponse:
    """The risk-based spot-check list (抽查复核) of the region and year, with reasons."""
    scope, values = _scoped(request)
    seed = (request.GET.get("seed") or "").strip()[:40] or None
    prior = (
        loop_selectors.prior_for_sampling(scope.region, scope.year)
        if scope.region is not None and scope.year is not None
        else {}
    )
    picked = select_sample(
        selectors.sample_rows(request.user, scope),
        selectors.review_rules(scope.region),
        seed=seed,
        prior=prior,
    )
    context = {"scope": scope, "picked": picked, "seed": seed or "", "query": _query(values, scope)}
    return render(request, "review/sample.html", context)


@login_required
@require_GET
def application(request: HttpRequest) -> HttpResponse:
    """结果应用: next year's budget treatment for each approved or published submission."""
    scope, values = _scoped(request)
    applied = apply_results(
        selectors.decided_rows(request.user, scope), selectors.review_rules(scope.region)
    )
    context = {"scope": scope, "applied": applied, "query": _query(values, scope)}
    return render(request, "review/application.html", context)
