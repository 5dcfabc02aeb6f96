"""The review page's record of the workflow: every move, and what changed since the return.

A reviewer who returned a submission wants to read only what the unit changed in answer,
not the whole submission again: the data as it stood when it was returned (the history
row of that version) is compared with the current data, field by field, with the same
`describe_changes` the version history uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jixiao.web.submissions.formdata import Change, describe_changes

if TYPE_CHECKING:
    from jixiao.web.submissions.models import Submission, Transition

CHANGES_SHOWN = 60


@dataclass
class SinceReturn:
    """The last return and the changes made after it."""

    returned: Transition
    changes: list[Change] = field(default_factory=list)
    more: int = 0


def transitions_of(sub: Submission) -> list[Transition]:
    """Every move of the submission, oldest first, with who made it (流转记录)."""
    return list(sub.transitions.select_related("actor").order_by("at", "id"))


def since_return(sub: Submission, moves: list[Transition]) -> SinceReturn | None:
    """What changed between the last 退回修改 and now (None if never returned)."""
    returned = next((t for t in reversed(moves) if t.action == "return"), None)
    if returned is None:
        return None
    then = (
        sub.history.filter(version=returned.version, history_date__lte=returned.at)
        .order_by("-history_date", "-history_id")
        .first()
    ) or sub.history.filter(version=returned.version).order_by("-history_id").first()
    if then is None:
        return SinceReturn(returned)
    changes = describe_changes(then.data, sub.data)
    return SinceReturn(returned, changes[:CHANGES_SHOWN], max(0, len(changes) - CHANGES_SHOWN))
