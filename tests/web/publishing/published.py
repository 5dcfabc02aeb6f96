"""A published submission with a 涉密 project, for the public-page and open-data tests.

The clean example gets its last project renamed and marked `classified: true` whose name occurs
nowhere else, so "the name is absent" from a response is a meaningful check.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from tests.web.conftest import CLEAN, SUBMIT, advance

from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import services

if TYPE_CHECKING:
    from tests.web.conftest import World

    from jixiao.web.submissions.models import Submission

SECRET_NAME = "绝密甲型装备专项经费"
SECRET_GOAL = "保障绝密甲型装备维护"

PUBLISH = (
    *SUBMIT,
    ("reviewer", Action.APPROVE, ""),
    ("reviewer", Action.PUBLISH, ""),
)


def with_secret() -> dict[str, Any]:
    """The clean example with its last project renamed and classified (totals unchanged)."""
    data = copy.deepcopy(CLEAN)
    data["projects"][-1].update(name=SECRET_NAME, classified=True, goal=SECRET_GOAL)
    return data


def publish_secret(world: World) -> Submission:
    """Replace the clean submission's data with `with_secret()` and publish it."""
    sub = world.refresh("clean")
    saved = services.save(world.users["editor"], sub, with_secret(), base_version=sub.version)
    assert saved.accepted
    return advance(world, "clean", *PUBLISH)


def publish_clean(world: World) -> Submission:
    """Publish the clean submission as it is."""
    return advance(world, "clean", *PUBLISH)
