"""Error pages in Chinese; API paths get the one JSON error shape instead of HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import render

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 500: "server_error"}
"""The API's error codes for these statuses (the same as `api.http` uses)."""


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"error": {"status": status, "code": _CODES[status], "message": message}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400 raised before a view runs (Django refused the body): a Chinese page, not Django's.

    A form bigger than DATA_UPLOAD_MAX_NUMBER_FIELDS / DATA_UPLOAD_MAX_MEMORY_SIZE is the
    usual cause: the CSRF check reads the body first, so the view never sees it.
    """
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        text = (
            f"一次提交的栏目超过{limit:,}个，系统未保存。"
            "请刷新页面后重试（列表每页只提交一页），或联系管理员。"
        )
    elif isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1048576
        text = f"提交的内容超过{limit} MB，系统未保存。请减少本栏目的内容后重试，或联系管理员。"
    else:
        text = "请求无法处理，未保存。请刷新页面后重试。"
    return _page(request, 400, "无法处理的请求", text)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: signed in but not allowed (or the action is not for this role)."""
    text = str(exception) if exception and str(exception) else "您没有权限访问此页面。"
    return _page(request, 403, "无权访问", text)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404."""
    return _page(request, 404, "页面不存在", "您要找的页面不存在，或已被删除。")


def server_error(request: HttpRequest) -> HttpResponse:
    """500: nothing internal is shown; the error is in the server log."""
    return _page(request, 500, "系统错误", "系统出现错误，已记录。请稍后重试或联系管理员。")
