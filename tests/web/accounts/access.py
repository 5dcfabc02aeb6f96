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
    # Password change: everyone signed in; reset pages: anyone (a bad link gets a message).
    "accounts:password_change": Rule(get=same(200, anon=302), post=same(200, anon=302)),
    "accounts:password_reset": Rule(
        get=same(200), post=same(302), data=lambda w: {"email": "nobody@example.gov.cn"}
    ),
    "accounts:password_reset_done": Rule(get=same(200)),
    "accounts:password_reset_confirm": Rule(
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"}, get=same(200)
    ),
    "accounts:password_reset_complete": Rule(get=same(200)),
    # Login lockouts: the administrator only.
    "accounts:lockouts": Rule(get=same(403, admin=200, anon=302)),
    "accounts:lockouts_lift": Rule(
        post=same(403, admin=302, anon=302), data=lambda w: {"account": "editor"}
    ),
}
