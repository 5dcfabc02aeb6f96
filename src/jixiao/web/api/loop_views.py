"""API of the loop (JSON; documented in `openapi_loop`).

Target filings and their moves, adjustments, monitoring rounds and warnings, re-reviews
and calibration.

Thin like the pages: the same `loop.services` and `loop.selectors`, so the API and the
pages cannot disagree about who may do what or what a warning is.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from jixiao.core.problems import problems_to_dict
from jixiao.web.accounts.permissions import (
    Action,
    membership,
    require,
    require_reviewer,
    role_of,
)
from jixiao.web.api.http import ApiError, BodyField, endpoint, ok, read_body
from jixiao.web.api.serializers import page_of
from jixiao.web.loop import selectors, services
from jixiao.web.loop.models import MonitoringRound, Rereview, TargetFiling
from jixiao.web.submissions.selectors import submission_for

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponse


def _filing_dict(filing: TargetFiling, *, detail: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": filing.pk,
        "unit": {"id": filing.unit_id, "name": filing.unit.name},
        "year": filing.fiscal_year,
        "status": filing.status,
        "status_label": filing.get_status_display(),
        "version": filing.version,
        "warnings": filing.warnings,
        "comment": filing.comment,
    }
    if detail:
        _model, problems = services.lint_of(filing)
        locked = selectors.locked_targets(filing)
        body["data"] = filing.data
        body["problems"] = problems_to_dict(problems)["problems"]
        body["locked"] = (
            None
            if locked is None
            else [
                {
                    "project": r.project,
                    "indicator": r.name,
                    "original": r.original,
                    "adjusted": r.adjusted,
                }
                for r in locked.rows
            ]
        )
    return body


def _visible_filings(request: HttpRequest) -> QuerySet[TargetFiling]:
    found = membership(request.user)
    qs = TargetFiling.objects.select_related("unit").order_by("-fiscal_year", "unit__code", "pk")
    if found is None:
        return qs.none()
    if found.role == "admin":
        return qs
    if found.unit_id is not None:
        return qs.filter(unit_id=found.unit_id)
    if found.region_id is None:
        return qs.none()
    return qs.filter(unit__region_id=found.region_id)


@endpoint("GET", "POST")
def targets(request: HttpRequest) -> HttpResponse:
    """GET: target filings the caller may see; POST: save the caller's unit's targets."""
    if request.method == "GET":
        return ok(page_of(request, _visible_filings(request), _filing_dict))
    body = read_body(request, BodyField("year", "integer", True), BodyField("data", "object", True))
    unit = selectors.own_unit(request.user)
    if unit is None:
        raise ApiError(403, "forbidden", "只有单位用户可以填报绩效目标。")
    if not 2000 <= body["year"] <= 2100:
        raise ApiError(400, "invalid_field", "year 应为2000至2100之间的年份。", field="year")
    filing = services.save_targets(request.user, unit, body["year"], body["data"])
    return ok(_filing_dict(filing, detail=True), status=201)


def _filing(request: HttpRequest, pk: int) -> TargetFiling:
    filing = get_object_or_404(TargetFiling.objects.select_related("unit"), pk=pk)
    require(request.user, Action.VIEW, filing)
    return filing


@endpoint("GET")
def target(request: HttpRequest, pk: int) -> HttpResponse:
    """One filing with its data, filing-time problems and locked rows."""
    return ok(_filing_dict(_filing(request, pk), detail=True))


@endpoint("POST")
def target_moves(request: HttpRequest, pk: int) -> HttpResponse:
    """报送 (file), 退回 (return, with comment) or 批复 (approve)."""
    filing = _filing(request, pk)
    body = read_body(request, BodyField("action", "string", True), BodyField("comment", "string"))
    action = body["action"]
    if action == "file":
        services.file_targets(request.user, filing)
    elif action == "return":
        services.return_targets(request.user, filing, body.get("comment", ""))
    elif action == "approve":
        services.approve_targets(request.user, filing)
    else:
        raise ApiError(
            400, "invalid_field", "action 应为 file、return 或 approve。", field="action"
        )
    filing.refresh_from_db()
    return ok(_filing_dict(filing, detail=True))


@endpoint("POST")
def target_adjustments(request: HttpRequest, pk: int) -> HttpResponse:
    """调整 request (unit) on an approved filing; the bureau decides on the page or here."""
    filing = _filing(request, pk)
    body = read_body(
        request,
        BodyField("project", "string"),
        BodyField("indicator", "string", True),
        BodyField("new_target", "string", True),
        BodyField("reason", "string", True),
        BodyField("decide", "string"),
        BodyField("adjustment", "integer"),
    )
    if "decide" in body:
        adjustment = get_object_or_404(filing.adjustments, pk=body.get("adjustment") or 0)
        services.decide_adjustment(request.user, adjustment, body["decide"] == "approve")
    else:
        services.request_adjustment(
            request.user,
            filing,
            body.get("project", ""),
            body["indicator"],
            body["new_target"],
            body["reason"],
        )
    return ok(_filing_dict(filing, detail=True), status=201)


def _round_dict(round_: MonitoringRound) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "year": round_.fiscal_year,
        "name": round_.name,
        "months": round_.months,
        "region": round_.region_id,
    }


@endpoint("GET")
def rounds(request: HttpRequest) -> HttpResponse:
    """Monitoring rounds of the caller's region (every region for an administrator)."""
    found = membership(request.user)
    qs = MonitoringRound.objects.order_by("-fiscal_year", "-months", "pk")
    if found is None:
        qs = qs.none()
    elif found.role != "admin":
        region: int | None = found.unit.region_id if found.unit is not None else found.region_id
        qs = qs.none() if region is None else qs.filter(region_id=int(region))
    return ok(page_of(request, qs, _round_dict))


@endpoint("POST")
def round_filing(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's figures for a round (spending, indicators); returns the warnings raised."""
    round_ = get_object_or_404(MonitoringRound, pk=pk)
    body = read_body(request, BodyField("data", "object", True))
    unit = selectors.own_unit(request.user)
    if unit is None:
        raise ApiError(403, "forbidden", "只有单位用户可以填报运行监控。")
    filing, problems = services.save_round(request.user, round_, unit, body["data"])
    if problems:
        raise ApiError(400, "invalid_data", "；".join(p.message for p in problems[:5]))
    return ok(
        {
            "round": _round_dict(round_),
            "red": filing.red,
            "yellow": filing.yellow,
            "warnings": [
                {"level": a.level, "rule": a.rule, "subject": a.subject, "message": a.message}
                for a in filing.alerts.all()
            ],
        },
        status=201,
    )


@endpoint("GET")
def round_warnings(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau's warning board of a round, most red warnings first (paginated)."""
    require_reviewer(request.user)
    round_ = get_object_or_404(MonitoringRound, pk=pk)
    region = selectors.region_of(request.user)
    if role_of(request.user) != "admin" and (region is None or region.pk != round_.region_id):
        raise ApiError(403, "forbidden", "该监控轮次不属于本地区。")
    body = page_of(
        request,
        selectors.round_board(round_),
        lambda f: {
            "unit": f.unit.name,
            "red": f.red,
            "yellow": f.yellow,
            "has_targets": f.has_targets,
        },
    )
    return ok({**body, "totals": selectors.round_totals(round_)})


def _rereview_dict(review: Rereview | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {
        "rows": review.rows,
        "self_total": f"{review.self_total:f}",
        "review_total": f"{review.review_total:f}",
        "self_grade": review.self_grade,
        "review_grade": review.review_grade,
    }


@endpoint("GET", "POST")
def rereview(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the rows to score and the stored re-review; POST: scores {key: {score, note}}."""
    require_reviewer(request.user)
    sub = submission_for(request.user, pk, Action.REVIEW)
    if request.method == "POST":
        body = read_body(request, BodyField("scores", "object", True))
        services.save_rereview(request.user, sub, _scores(body["scores"]))
    rows = [
        {
            "key": r.key,
            "label": r.label,
            "weight": f"{r.weight:f}",
            "self_score": None if r.self_score is None else f"{r.self_score:f}",
        }
        for r in selectors.rereview_rows(sub)
    ]
    stored = Rereview.objects.filter(submission=sub).first()
    return ok(
        {"rows": rows, "rereview": _rereview_dict(stored)},
        status=201 if request.method == "POST" else 200,
    )


def _scores(raw: dict[str, Any]) -> dict[str, tuple[Decimal, str]]:
    if len(raw) > 1000:
        raise ApiError(400, "invalid_field", "scores 最多1000行。", field="scores")
    out: dict[str, tuple[Decimal, str]] = {}
    for key, value in raw.items():
        if not isinstance(value, dict) or not isinstance(value.get("score"), str | int):
            raise ApiError(
                400,
                "invalid_field",
                f'scores.{key} 应为 {{"score": "8", "note": "…"}}。',
                field="scores",
            )
        try:
            score = Decimal(str(value["score"]))
        except InvalidOperation:
            raise ApiError(
                400, "invalid_field", f"scores.{key}.score 不是数字。", field="scores"
            ) from None
        if not score.is_finite():
            raise ApiError(400, "invalid_field", f"scores.{key}.score 不是数字。", field="scores")
        out[str(key)[:50]] = (score, str(value.get("note") or "")[:2000])
    return out


@endpoint("GET")
def calibration(request: HttpRequest) -> HttpResponse:
    """Calibration groups of the caller's region (?by=unit|kind|year), largest gap first."""
    require_reviewer(request.user)
    region = selectors.region_of(request.user)
    by = request.GET.get("by", "unit")
    if by not in selectors.GROUPS:
        raise ApiError(400, "invalid_parameter", "by 应为 unit、kind 或 year。", field="by")
    if region is None:
        raise ApiError(403, "forbidden", "没有可查看的地区。")

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        group = selectors.shown_group(row)
        return {k: (f"{v:f}" if isinstance(v, Decimal) else v) for k, v in group.items()}

    return ok(page_of(request, selectors.calibration(region, by), shown))
