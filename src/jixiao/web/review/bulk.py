"""Bulk 通过/退回/公开: one decision and one comment applied to many submissions.

Each submission goes through `submissions.services.move` on its own — the permission
check, the state table, the comment rule and one transaction per item, exactly as a
decision on the review page — so one refusal never undoes or blocks the others. The
outcome lists what was done and, per refused item, why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from jixiao.web.accounts.permissions import Action, can
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Submission
from jixiao.web.submissions.workflow import MOVES

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    User = AbstractBaseUser | AnonymousUser


@dataclass
class BulkOutcome:
    """Names of the submissions moved, and a reason per one that was not."""

    label: str
    done: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for the page."""
        parts = [f"已{self.label}{len(self.done)}份"]
        if self.refused:
            parts.append(f"{len(self.refused)}份未处理：" + "；".join(self.refused[:10]))
            if len(self.refused) > 10:
                parts[-1] += f"……等{len(self.refused)}份"
        return "，".join(parts) + "。"


def decide(
    user: User,
    action: Action,
    ids: list[int],
    comment: str,
    *,
    request: HttpRequest | None = None,
) -> BulkOutcome:
    """Apply `action` with `comment` to each submission of `ids` the user may decide."""
    outcome = BulkOutcome(MOVES[action].label)
    found = {s.pk: s for s in Submission.objects.select_related("unit").filter(pk__in=ids)}
    for pk in ids:
        sub = found.get(pk)
        if sub is None or not can(user, Action.REVIEW, sub):
            outcome.refused.append(f"第{pk}号：不存在或无权处理")
            continue
        try:
            services.move(user, sub, action, comment=comment, request=request)
        except services.Refused as refused:
            outcome.refused.append(f"{sub}：{refused.message}")
        except PermissionDenied:
            outcome.refused.append(f"{sub}：无权执行")
        else:
            outcome.done.append(str(sub))
    return outcome
