"""A request id for every request: taken from the proxy's X-Request-ID or made here.

It is echoed in the response header and stamped on every log line of the request, so one
line in nginx's log leads to the app's lines for the same request. One access line per
request (method, path, status, milliseconds, and the CPU milliseconds of the thread that
served it, which other processes' load does not inflate) goes to `jixiao.request`.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import TYPE_CHECKING

from jixiao.web.ops.logs import REQUEST_ID

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest
    from django.http.response import HttpResponseBase

log = logging.getLogger("jixiao.request")
_VALID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    """Set `request.id` and the logging context; add X-Request-ID to the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Run the request inside its id's logging context."""
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID.fullmatch(given) else uuid.uuid4().hex
        request.id = request_id  # type: ignore[attr-defined]
        token = REQUEST_ID.set(request_id)
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "status": response.status_code,
                "ms": round((time.perf_counter() - start) * 1000, 1),
                "cpu_ms": round((time.thread_time() - cpu) * 1000, 1),
            },
        )
        return response
