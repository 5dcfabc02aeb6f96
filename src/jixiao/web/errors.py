"""Error pages in Chinese; API paths get the one JSON error shape instead of HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import JsonResponse
from django.shortcuts import render

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


_CODES = {403: "forbidden", 404: "not_found", 500: "server_error"}
"""The API's error codes for these statuses (the same as `api.http` uses)."""


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"error": {"status": status, "code": _CODES[status], "message": message}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "error.html", {"title": title, "message": message}, status=status)


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
