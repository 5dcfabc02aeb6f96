"""API views on stored submissions: CRUD, problems, score, workflow moves, reports.

Thin like the pages (STYLE.md 10): parse the body (`http.read_body`), call the same
selectors and services the pages call, serialise. Who may do what is decided by
`accounts.permissions` inside those calls; a refusal comes back as an exception that
`http.endpoint` turns into the one error shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.http import Http404, HttpResponse

from jixiao.core.problems import problems_to_dict
from jixiao.core.scoring import score_to_dict
from jixiao.pipeline import load
from jixiao.web.accounts.models import Unit
from jixiao.web.accounts.permissions import membership
from jixiao.web.api.http import ApiError, BodyField, endpoint, ok, read_body
from jixiao.web.api.serializers import page_of, submission_to_dict
from jixiao.web.submissions import reports, services
from jixiao.web.submissions.formdata import apply_value
from jixiao.web.submissions.formspec import FormError
from jixiao.web.submissions.models import Status
from jixiao.web.submissions.selectors import evaluation_of, submission_for, visible_submissions
from jixiao.web.submissions.workflow import MOVES

if TYPE_CHECKING:
    from django.http import HttpRequest

    from jixiao.web.submissions.models import Submission

YEARS = range(2000, 2101)


def check_data(data: dict[str, Any]) -> None:
    """Refuse a data tree with fields the model does not have, naming the first path."""
    for problem in load(data).problems:
        if problem.code == "load.unknown-field":
            path = problem.location.path or ""
            raise ApiError(400, "unknown_field", f"未知字段“{path}”：{problem.message}", field=path)


def _year(raw: Any, name: str = "year") -> int:
    if isinstance(raw, str) and raw.isdigit() and len(raw) == 4:
        raw = int(raw)
    if not isinstance(raw, int) or isinstance(raw, bool) or raw not in YEARS:
        raise ApiError(400, "invalid_field", f"{name} 应为2000至2100之间的年份。", field=name)
    return raw


@endpoint("GET", "POST")
def submissions(request: HttpRequest) -> HttpResponse:
    """GET: the submissions the caller may see; POST: create one (a draft)."""
    if request.method == "POST":
        return _create(request)
    items = visible_submissions(request.user).order_by("-fiscal_year", "unit__code", "pk")
    if request.GET.get("year"):
        items = items.filter(fiscal_year=_year(request.GET["year"]))
    status = request.GET.get("status")
    if status:
        if status not in Status.values:
            raise ApiError(
                400,
                "invalid_parameter",
                f"status 应为 {'、'.join(Status.values)} 之一。",
                field="status",
            )
        items = items.filter(status=status)
    return ok(page_of(request, items, submission_to_dict))


def _create(request: HttpRequest) -> HttpResponse:
    body = read_body(
        request,
        BodyField("unit", "integer"),
        BodyField("year", "integer", True),
        BodyField("data", "object"),
    )
    year = _year(body["year"])
    data: dict[str, Any] = body.get("data") or {}
    check_data(data)
    unit = _unit(request, body.get("unit"))
    saved = services.create(request.user, unit, year, data, source="接口")
    return ok(submission_to_dict(saved.submission, with_data=True), status=201)


def _unit(request: HttpRequest, unit_id: int | None) -> Unit:
    if unit_id is None:
        found = membership(request.user)
        if found is None or found.unit is None:
            raise ApiError(400, "missing_field", "请用 unit 字段指定单位编号。", field="unit")
        return found.unit
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApiError(400, "invalid_field", f"单位编号 {unit_id} 不存在。", field="unit")
    return unit


@endpoint("GET", "PUT", "PATCH")
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: one submission with its data; PUT: replace the data; PATCH: change one field."""
    sub = submission_for(request.user, pk)
    if request.method == "GET":
        return ok(submission_to_dict(sub, with_data=True))
    if request.method == "PUT":
        body = read_body(
            request, BodyField("base_version", "integer", True), BodyField("data", "object", True)
        )
        check_data(body["data"])
        return _saved(request, sub, body["data"], body["base_version"], "接口整体保存")
    body = read_body(
        request,
        BodyField("base_version", "integer", True),
        BodyField("path", "string", True),
        BodyField("value", "string", True),
    )
    try:
        data = apply_value(sub.data, body["path"], body["value"])
    except FormError as error:
        raise ApiError(400, "invalid_path", error.message, field=error.path) from None
    return _saved(request, sub, data, body["base_version"], f"接口修改：{body['path']}"[:100])


def _saved(
    request: HttpRequest, sub: Submission, data: dict[str, Any], base: int, reason: str
) -> HttpResponse:
    saved = services.save(
        request.user, sub, data, base_version=base, reason=reason, request=request
    )
    if saved.conflict is not None:
        raise ApiError(
            409,
            "conflict",
            f"保存冲突：您基于第{base}版修改，但他人已保存到第{saved.submission.version}版。"
            "您的数据已另存为冲突副本，请取回最新版本后重新修改。",
            your_base_version=base,
            current_version=saved.submission.version,
            conflict_copy_id=saved.conflict.pk,
            current=submission_to_dict(saved.submission, with_data=True),
        )
    return ok(submission_to_dict(saved.submission, with_data=True))


@endpoint("GET")
def problems(request: HttpRequest, pk: int) -> HttpResponse:
    """The problems of the current version, in THE problem JSON shape."""
    sub = submission_for(request.user, pk)
    source = f"{sub.unit.name} {sub.fiscal_year}年 第{sub.version}版"
    return ok(problems_to_dict(evaluation_of(sub).problems, source=source))


@endpoint("GET")
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """Department and project scores of the current version, with every deduction."""
    sub = submission_for(request.user, pk)
    evaluation = evaluation_of(sub)
    return ok(
        {
            "summary": evaluation.summary.as_dict(),
            "scores": [score_to_dict(s) for s in evaluation.scores],
        }
    )


@endpoint("POST")
def moves(request: HttpRequest, pk: int) -> HttpResponse:
    """One workflow move (the same `services.move` as the buttons on the pages)."""
    sub = submission_for(request.user, pk)
    body = read_body(request, BodyField("action", "string", True), BodyField("comment", "string"))
    action = next((a for a in MOVES if a.value == body["action"]), None)
    if action is None:
        names = "、".join(a.value for a in MOVES)
        raise ApiError(
            400,
            "invalid_field",
            f"未知的操作“{body['action']}”，应为 {names} 之一。",
            field="action",
        )
    moved = services.move(
        request.user, sub, action, comment=body.get("comment", ""), request=request
    )
    return ok(submission_to_dict(moved))


@endpoint("GET")
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report file (docx/html/pdf); marked as a draft while the data has errors."""
    sub = submission_for(request.user, pk)
    if fmt not in reports.FORMATS:
        raise Http404
    rendered = reports.render_submission(sub, (fmt,), draft=sub.errors > 0)
    if rendered.refused or not rendered.files:
        raise ApiError(
            409,
            "render_refused",
            "报告无法生成：" + "；".join(p.message for p in rendered.problems[:3]),
            problems=problems_to_dict(rendered.problems),
        )
    wanted = f"{reports.file_stem(sub)}.{fmt}"
    file = next((f for f in rendered.files if f.name == wanted), rendered.files[0])
    response = HttpResponse(file.content, content_type=reports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(file.name)}"
    )
    return response
