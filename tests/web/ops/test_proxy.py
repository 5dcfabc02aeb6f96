"""Forwarding headers count only from the configured proxy (ops/proxy.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from jixiao.web.ops.proxy import TrustedProxyMiddleware, client_address, parse_networks

SEEN: dict[str, object] = {}


def _view(request: HttpRequest) -> HttpResponse:
    SEEN.update(addr=request.META["REMOTE_ADDR"], secure=request.is_secure())
    return HttpResponse()


def _through(peer: str, **headers: str) -> dict[str, object]:
    request = RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers)
    TrustedProxyMiddleware(_view)(request)
    return dict(SEEN)


@override_settings(
    TRUSTED_PROXIES=["127.0.0.1", "10.9.0.0/16"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_headers_from_the_proxy_are_believed_and_others_removed() -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4, 203.0.113.9"}
    assert _through("127.0.0.1", **forwarded) == {"addr": "203.0.113.9", "secure": True}
    assert _through("10.9.3.4", **forwarded) == {"addr": "203.0.113.9", "secure": True}
    assert _through("198.51.100.7", **forwarded) == {"addr": "198.51.100.7", "secure": False}


@override_settings(TRUSTED_PROXIES=[], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_without_a_configured_proxy_nobody_is_believed() -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert _through("127.0.0.1", **forwarded) == {"addr": "127.0.0.1", "secure": False}


def test_the_client_is_the_first_untrusted_hop_from_the_right() -> None:
    nets = parse_networks(["127.0.0.1", "10.0.0.0/8"])
    assert client_address("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.1.1", nets) == "203.0.113.9"
    assert client_address("127.0.0.1", "10.1.1.1", nets) == "10.1.1.1"
    assert client_address("127.0.0.1", "garbage", nets) == "127.0.0.1"
    assert client_address("127.0.0.1", "," * 10_000, nets) == "127.0.0.1"
