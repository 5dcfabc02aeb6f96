"""The workflow as data: which action moves a submission from which states to which.

草稿 → 单位审核 → 已报送财政 → 退回修改 / 审核通过 → 已公开. 撤回 takes one step back
before the next person has acted: the editor while the head has not decided, the head while
the bureau has not opened the submission (`notices.models.Opening`). The unit approver (单位负责人)
signs off every sending to the finance bureau, including a resubmission after a return;
a reviewer's return always carries a comment. Services read this table; nothing else
decides whether a move is allowed in a given state.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions.models import Status


@dataclass(frozen=True)
class Move:
    """One allowed transition."""

    action: Action
    label: str
    sources: frozenset[Status]
    target: Status
    needs_clean: bool = False
    """Refused while the submission has errors (it cannot reach the bureau with errors)."""
    needs_comment: bool = False
    needs_unopened: bool = False
    """Refused once a finance reviewer has opened the submission's review page."""


MOVES: dict[Action, Move] = {
    move.action: move
    for move in (
        Move(
            Action.SEND_TO_APPROVER,
            "提交单位审核",
            frozenset({Status.DRAFT, Status.RETURNED}),
            Status.UNIT_REVIEW,
            needs_clean=True,
        ),
        Move(
            Action.SEND_BACK,
            "退回填报人",
            frozenset({Status.UNIT_REVIEW}),
            Status.DRAFT,
            needs_comment=True,
        ),
        Move(
            Action.FORWARD,
            "报送财政",
            frozenset({Status.UNIT_REVIEW}),
            Status.SUBMITTED,
            needs_clean=True,
        ),
        Move(
            Action.RETURN,
            "退回修改",
            frozenset({Status.SUBMITTED}),
            Status.RETURNED,
            needs_comment=True,
        ),
        Move(Action.APPROVE, "审核通过", frozenset({Status.SUBMITTED}), Status.APPROVED),
        Move(Action.PUBLISH, "公开", frozenset({Status.APPROVED}), Status.PUBLISHED),
        Move(Action.WITHDRAW, "撤回", frozenset({Status.UNIT_REVIEW}), Status.DRAFT),
        Move(
            Action.RECALL,
            "撤回",
            frozenset({Status.SUBMITTED}),
            Status.UNIT_REVIEW,
            needs_unopened=True,
        ),
    )
}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
"""States in which the unit may change the data; later states are frozen for review."""


def moves_from(status: str) -> list[Move]:
    """The moves possible from a state (before permissions are considered)."""
    return [move for move in MOVES.values() if status in move.sources]
