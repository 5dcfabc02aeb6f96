"""Values looked up once per request: the unit's region code and the bureau's framework setting.

Why: one edit page evaluates the stored data, builds the problem panel and lists the
economic classes, and each of these asks for the check profile and the frameworks of the
data's region; without a memo every ask is a database query. Only for the duration of
one request (`RequestMemoMiddleware`), so a setting changed by another process is seen
by the next request; outside a request (jobs, the command line) nothing is kept.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator

    from django.http import HttpRequest
    from django.http.response import HttpResponseBase

__all__ = ["RequestMemoMiddleware", "once_per_request", "request_scope"]

T = TypeVar("T")
_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_memo", default=None)


def once_per_request(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked for in this request; then the same value."""
    memo = _MEMO.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value


@contextmanager
def request_scope() -> Iterator[None]:
    """A fresh memo for the block (one request)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


class RequestMemoMiddleware:
    """Run each request with its own memo (`once_per_request`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """The response, computed inside the request's memo scope."""
        with request_scope():
            return self.get_response(request)
