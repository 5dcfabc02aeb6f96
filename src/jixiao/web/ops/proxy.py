"""Requests that came through the HTTPS proxy: believe its headers, and only its.

Behind nginx every request reaches the app server from the proxy's address over plain
HTTP. Django learns that the browser used HTTPS from `X-Forwarded-Proto` (the prod
settings' `SECURE_PROXY_SSL_HEADER`) and the app learns who the browser is from
`X-Forwarded-For` — but anyone who can reach the app server directly could send those
headers too. This middleware keeps them only when the peer is one of
`settings.TRUSTED_PROXIES` (addresses or networks, `JIXIAO_TRUSTED_PROXIES`), and then
puts the client's address in `REMOTE_ADDR`, so login throttling and the audit log see the
browser, not the proxy. From any other peer the headers are removed.

Both app servers hand the headers over unchanged (`cli/servers.py`): waitress is told not
to strip them, gunicorn's `forwarded_allow_ips` gets the same list. Without this, waitress
dropped `X-Forwarded-Proto`, the SSL redirect looped and HSTS was never sent (issue 11).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

    Network = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)
MAX_HOPS = 20
"""More addresses than this in X-Forwarded-For are not walked (a header is not a loop)."""


def parse_networks(entries: list[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks; raises ValueError naming a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"JIXIAO_TRUSTED_PROXIES 中的“{entry}”不是 IP 地址或网段") from None
    return tuple(networks)


@lru_cache(maxsize=1)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(list(entries))


def is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    """Whether `address` is inside one of `networks` (False for anything not an address)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The first address, from the right, that is not a trusted proxy (the browser)."""
    hops = [hop.strip() for hop in forwarded_for.split(",")[-MAX_HOPS:] if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, networks):
            return hop if _is_address(hop) else peer
    return hops[0] if hops and _is_address(hops[0]) else peer


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class TrustedProxyMiddleware:
    """Keeps forwarding headers from trusted proxies (client address into REMOTE_ADDR)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.networks = _trusted(tuple(settings.TRUSTED_PROXIES))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Trust or strip the forwarding headers, then pass the request on."""
        meta = request.META
        peer = str(meta.get("REMOTE_ADDR") or "")
        if self.networks and is_trusted(peer, self.networks):
            meta["JIXIAO_PROXY_PEER"] = peer
            forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
            if forwarded:
                meta["REMOTE_ADDR"] = client_address(peer, forwarded, self.networks)
        else:
            for name in FORWARDED:
                meta.pop(name, None)
        return self.get_response(request)
