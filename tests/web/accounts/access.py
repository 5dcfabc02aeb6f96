from __future__ import annotations

from tests.web.access import Rule, same

RULES = {
    # The login page: anyone may open it; a signed-in user is sent on to their home page.
    "accounts:login": Rule(
        get=same(302, anon=200),
        post=same(302, anon=200),
        data=lambda w: {"username": "editor", "password": "wrong"},
    ),
    "accounts:logout": Rule(post=same(302)),
}
