"""Who may use 计分框架设置: finance reviewers (their region) and the administrator."""

from __future__ import annotations

from tests.web.access import Rule, same
from tests.web.conftest import World


def _form(w: World) -> dict[str, object]:
    return {"region": w.regions["home"].pk, "project": "national-2020-project", "department": ""}


RULES = {
    "scoring:settings": Rule(
        get=same(403, reviewer=200, other_reviewer=200, admin=200, anon=302),
        # other_reviewer may not set the home region: 404, as if it did not exist
        post=same(403, reviewer=302, other_reviewer=404, admin=302, anon=302),
        data=_form,
    ),
}
