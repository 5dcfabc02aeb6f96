"""Who may use each notices route: every signed-in user has notifications; the 未报送/催报
list, reminders and deadlines are the finance bureau's (and the administrator's)."""

from __future__ import annotations

from tests.web.access import Rule, same

SIGNED_IN = same(200, anon=302)
BUREAU = same(403, reviewer=200, admin=200, other_reviewer=200, anon=302)
BUREAU_POST = same(403, reviewer=302, admin=302, other_reviewer=302, anon=302)

RULES = {
    "notices:list": Rule(get=SIGNED_IN),
    "notices:read": Rule(post=same(302, anon=302)),
    "notices:missing": Rule(get=BUREAU),
    "notices:remind": Rule(post=BUREAU_POST, data=lambda w: {"year": "2023"}),
    "notices:deadline": Rule(
        post=BUREAU_POST, data=lambda w: {"year": "2023", "due": "2024-04-30"}
    ),
}
