"""The API's HTTP layer: authentication, CSRF, the one error shape, and request bodies.

Every view is wrapped by `endpoint`, so each 4xx answer has the same JSON shape
`{"error": {"status", "code", "message"}}` (the lead's `web/errors.py` gives 404/500 the
same shape for URLs no view matched). Rules stay in the services: this module only
translates their exceptions (`PermissionDenied` → 403, `Refused` → 409 …) into HTTP.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from jixiao.web.api.tokens import user_for_token
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest

    View = Callable[..., HttpResponse]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BODY_LIMIT = 2 * 1024 * 1024
"""Largest JSON body (2 MB: a big submission is ~100 KB); uploads use UPLOAD_LIMIT_BYTES."""
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


class ApiError(Exception):
    """An answer other than success, with a Chinese message and a stable ASCII code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    """The one error shape of the API (extra keys, e.g. a conflict's versions, go inside)."""
    body = {"error": {"status": status, "code": code, "message": message, **extra}}
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="jixiao"'
    return response


def ok(body: Any, status: int = 200) -> JsonResponse:
    """A JSON success answer (Chinese kept readable, not escaped to ASCII)."""
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _authenticate(request: HttpRequest) -> str | None:
    """'token', 'session' or None; a Bearer header wins over the session cookie."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, presented = header.partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise ApiError(401, "unauthenticated", "Authorization 头应为“Bearer <令牌>”。")
        user = user_for_token(presented.strip())
        if user is None:
            raise ApiError(401, "invalid_token", "API 令牌无效或已吊销。")
        request.user = cast("Any", user)  # the token's user acts for this request
        return "token"
    return "session" if request.user.is_authenticated else None


def _csrf_refused(request: HttpRequest) -> bool:
    """Django's own CSRF check, run for session-authenticated unsafe requests only."""
    check = CsrfViewMiddleware(lambda _request: HttpResponse())
    check.process_request(request)
    return check.process_view(request, lambda _request: HttpResponse(), (), {}) is not None


def _admit(request: HttpRequest, methods: tuple[str, ...], public: bool) -> None:
    """Raise ApiError unless the method fits and the caller is signed in (when needed)."""
    if request.method not in methods:
        raise ApiError(
            405,
            "method_not_allowed",
            f"此接口不支持 {request.method} 方法。",
            headers={"Allow": ", ".join(methods)},
        )
    via = _authenticate(request)
    if via is None and not public:
        raise ApiError(401, "unauthenticated", "请先登录，或在 Authorization 头中提供 API 令牌。")
    if via == "session" and request.method not in SAFE_METHODS and _csrf_refused(request):
        raise ApiError(
            403, "csrf", "CSRF 校验失败：浏览器会话请附带 X-CSRFToken，脚本请改用 API 令牌。"
        )


def _translated(error: Exception) -> HttpResponse:
    """The error shape for an exception a service or the request parser raised."""
    if isinstance(error, ApiError):
        response = error_response(error.status, error.code, error.message, **error.extra)
        for name, value in error.headers.items():
            response[name] = value
        return response
    if isinstance(error, PermissionDenied):
        return error_response(403, "forbidden", str(error) or "您没有权限执行此操作。")
    if isinstance(error, Http404):
        return error_response(404, "not_found", "找不到该对象。")
    if isinstance(error, Refused):
        status = 404 if error.code == "not_found" else 409
        return error_response(status, error.code, error.message)
    if isinstance(error, RequestDataTooBig):
        return error_response(413, "payload_too_large", "请求体过大。")
    return error_response(400, "bad_request", "请求格式有误。")


def endpoint(*methods: str, public: bool = False) -> Callable[[View], View]:
    """Wrap an API view: method check, auth (401), CSRF for sessions, errors as JSON."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                _admit(request, methods, public)
                return view(request, *args, **kwargs)
            except (ApiError, PermissionDenied, Http404, Refused, SuspiciousOperation) as error:
                return _translated(error)

        return run

    return wrap


@dataclass(frozen=True)
class BodyField:
    """One top-level body field: its JSON type ('string', 'integer', 'object') and need."""

    name: str
    kind: str
    required: bool = False


def check_length(request: HttpRequest, limit: int) -> None:
    """413 before reading a body whose declared length is over `limit`."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ApiError(400, "bad_request", "Content-Length 无效。") from None
    if length > limit:
        raise ApiError(413, "payload_too_large", f"请求体有{length:,}字节，超过上限{limit:,}字节。")


def _json_body(request: HttpRequest) -> Any:
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(
            400, "invalid_json", f"请求体不是 UTF-8 文字（第{error.start + 1}个字节）。"
        ) from None
    try:
        return json.loads(text, parse_float=str, parse_int=_int_or_text)
    except json.JSONDecodeError as error:
        raise ApiError(
            400,
            "invalid_json",
            f"JSON 格式错误：第{error.lineno}行第{error.colno}列（字符位置{error.pos}）：{error.msg}",
        ) from None
    except RecursionError:
        raise ApiError(400, "invalid_json", "JSON 嵌套层数过深。") from None


def _int_or_text(text: str) -> int | str:
    # Numbers stay exact: a long integer is kept as text, like the forms store numbers.
    return int(text) if len(text) <= 15 else text


def _form_body(request: HttpRequest, fields: dict[str, BodyField]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in request.POST:
        spec = fields.get(name)
        value = request.POST.get(name, "")
        if spec is not None and spec.kind == "object":
            try:
                body[name] = json.loads(value, parse_float=str)
            except json.JSONDecodeError as error:
                raise ApiError(
                    400,
                    "invalid_json",
                    f"字段“{name}”的 JSON 格式错误：{error.msg}（位置{error.pos}）。",
                ) from None
        elif spec is not None and spec.kind == "integer":
            body[name] = int(value) if value.strip().lstrip("-").isdigit() else value
        else:
            body[name] = value
    return body


def read_body(request: HttpRequest, *fields: BodyField, limit: int = BODY_LIMIT) -> dict[str, Any]:
    """The request's JSON object (or form fields), checked against `fields`.

    JSON is the API's format; an HTML form or `curl -F` post is accepted too, with
    object fields given as JSON text. Unknown or mistyped fields are refused by name.
    """
    check_length(request, limit)
    known = {f.name: f for f in fields}
    content_type = request.content_type or ""
    if content_type in FORM_TYPES:
        body: Any = _form_body(request, known)
    elif content_type == "application/json" or not request.body:
        body = _json_body(request) if request.body else {}
    else:
        raise ApiError(415, "unsupported_media_type", "请求体应为 application/json。")
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_body", "请求体应为一个 JSON 对象（{…}）。")
    for name in body:
        if name not in known:
            raise ApiError(400, "unknown_field", f"未知字段“{name}”。", field=name)
    for spec in fields:
        _check_type(spec, body)
    return body


_TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "object": (dict,)}
_TYPE_NAMES = {"string": "文字", "integer": "整数", "object": "JSON 对象"}


def _check_type(spec: BodyField, body: dict[str, Any]) -> None:
    if spec.name not in body:
        if spec.required:
            raise ApiError(400, "missing_field", f"缺少字段“{spec.name}”。", field=spec.name)
        return
    value = body[spec.name]
    if not isinstance(value, _TYPES[spec.kind]) or isinstance(value, bool):
        raise ApiError(
            400,
            "invalid_field",
            f"字段“{spec.name}”应为{_TYPE_NAMES[spec.kind]}。",
            field=spec.name,
        )


def upload_limit() -> int:
    """The upload size limit the pages use, so the API refuses the same files."""
    limit: int = settings.UPLOAD_LIMIT_BYTES
    return limit
