"""Walk every route with every role (and anonymous) and check allowed or denied.

Entries come from `tests/web/<app>/access.py` (`RULES`); a route in the URLconf without an
entry fails `test_every_route_has_a_rule`, so no view is left unguarded by accident.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from tests.web.access import ROLES, Rule
from tests.web.conftest import signed_in

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.web.conftest import World

APPS = (
    "accounts",
    "submissions",
    "review",
    "publishing",
    "api",
    "jobs",
    "scoring",
    "loop",
    "imports",
    "notices",
)


def _names(resolver: URLResolver, prefix: str = "") -> list[str]:
    names: list[str] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names += _names(entry, space)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append(prefix + entry.name)
        elif isinstance(entry, URLPattern):
            names.append(f"{prefix}<unnamed {entry.pattern}>")
    return names


def _rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for app in APPS:
        try:
            module = importlib.import_module(f"tests.web.{app}.access")
        except ModuleNotFoundError:
            continue
        rules.update(module.RULES)
    rules.update(ROOT_RULES)
    return rules


ROOT_RULES: dict[str, Rule] = {
    "healthz": Rule(get=dict.fromkeys(ROLES, 200)),
    "readyz": Rule(get=dict.fromkeys(ROLES, 200)),
    "home": Rule(
        get={
            "editor": 302,
            "approver": 302,
            "reviewer": 302,
            "admin": 302,
            "other_editor": 302,
            "other_reviewer": 302,
            None: 302,
        }
    ),
}

RULES = _rules()
CASES = [
    (name, method, role)
    for name, rule in sorted(RULES.items())
    for method, expect in (("get", rule.get), ("post", rule.post))
    for role in ROLES
    if role in expect
]


def test_every_route_has_a_rule() -> None:
    routes = set(_names(get_resolver()))
    missing = sorted(routes - set(RULES))
    assert not missing, f"routes without an access rule: {missing}"
    stale = sorted(set(RULES) - routes)
    assert not stale, f"access rules for routes that do not exist: {stale}"


def test_every_rule_covers_every_role() -> None:
    for name, rule in RULES.items():
        for expect in (rule.get, rule.post):
            if expect:
                assert set(expect) == set(ROLES), f"{name}: roles {set(ROLES) - set(expect)}"
        assert rule.get or rule.post, f"{name}: no method checked"


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_access(
    world_after: Callable[..., World], name: str, method: str, role: str | None
) -> None:
    rule = RULES[name]
    # The world after `prepare` with every role signed in (made once per process).
    world = world_after(rule.prepare, signed_in)
    url = reverse(name, kwargs=rule.kwargs(world))
    client = world.client(role)
    headers: dict[str, Any] = rule.headers(world, role) if rule.headers else {}
    expect = (rule.get if method == "get" else rule.post)[role]
    if method == "get":
        response = client.get(url, headers=headers)
    else:
        response = client.post(url, rule.data(world), headers=headers)
    assert response.status_code == expect, (
        f"{method.upper()} {url} as {role or '匿名'}: {response.status_code}, expected {expect}"
    )
