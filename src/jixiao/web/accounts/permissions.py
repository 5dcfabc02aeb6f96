"""Object-level permissions: the one place that decides who may act on which submission.

Views, the API and services all ask `can`/`require`; none repeats a role test. The state
of a submission (draft, submitted …) is the workflow's business (`submissions/workflow.py`);
here only the role and its scope count: a unit role acts on its own unit's submissions,
a reviewer on the units of their region, an administrator on everything.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import PermissionDenied

from jixiao.web.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


class Action(StrEnum):
    """Things a user can do to one submission."""

    VIEW = "view"
    EDIT = "edit"
    SEND_TO_APPROVER = "send_to_approver"
    FORWARD = "forward"
    SEND_BACK = "send_back"
    REVIEW = "review"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    """The editor takes back what waits for the unit head (撤回)."""
    RECALL = "recall"
    """The unit head takes back what the bureau has not opened yet (撤回)."""


UNIT_ACTIONS: dict[str, frozenset[Action]] = {
    Role.UNIT_EDITOR: frozenset(
        {Action.VIEW, Action.EDIT, Action.SEND_TO_APPROVER, Action.WITHDRAW}
    ),
    Role.UNIT_APPROVER: frozenset(
        {
            Action.VIEW,
            Action.EDIT,
            Action.SEND_TO_APPROVER,
            Action.FORWARD,
            Action.SEND_BACK,
            Action.RECALL,
        }
    ),
}
REVIEWER_ACTIONS = frozenset(
    {Action.VIEW, Action.REVIEW, Action.RETURN, Action.APPROVE, Action.PUBLISH}
)


class Scoped(Protocol):
    """What a permission check needs to know about a submission: whose it is."""

    @property
    def unit_id(self) -> int:
        """The owning unit's id."""
        ...

    @property
    def region_id(self) -> int:
        """The owning unit's region id."""
        ...


def membership(user: User) -> Membership | None:
    """The signed-in user's membership (cached on the user object), None for anonymous."""
    if not user.is_authenticated:
        return None
    cached: Membership | None = getattr(user, "_jixiao_membership", None)
    if cached is None:
        cached = Membership.objects.select_related("unit", "region").filter(user_id=user.pk).first()
        setattr(user, "_jixiao_membership", cached)  # noqa: B010  (a per-request memo)
    return cached


def role_of(user: User) -> str | None:
    """The user's role value, or None (anonymous or a user without a membership)."""
    found = membership(user)
    return None if found is None else found.role


def can(user: User, action: Action, target: Scoped) -> bool:
    """Whether `user` may perform `action` on a submission of `target`'s unit and region."""
    found = membership(user)
    if found is None:
        return False
    if found.role == Role.ADMIN:
        return True
    if found.role in UNIT_ACTIONS:
        return found.unit_id == target.unit_id and action in UNIT_ACTIONS[found.role]
    if found.role == Role.FINANCE_REVIEWER:
        return found.region_id == target.region_id and action in REVIEWER_ACTIONS
    return False


def require(user: User, action: Action, target: Scoped) -> None:
    """Raise PermissionDenied (HTTP 403) unless `can(user, action, target)`."""
    if not can(user, action, target):
        raise PermissionDenied("您没有权限执行此操作")


def is_reviewer(user: User) -> bool:
    """Finance reviewers and administrators: those who may open the dashboard."""
    return role_of(user) in (Role.FINANCE_REVIEWER, Role.ADMIN)


def is_unit_user(user: User) -> bool:
    """Unit editors and approvers (and administrators, who may act for any unit)."""
    return role_of(user) in (Role.UNIT_EDITOR, Role.UNIT_APPROVER, Role.ADMIN)


def require_reviewer(user: User) -> None:
    """Raise PermissionDenied unless the user may see finance pages."""
    if not is_reviewer(user):
        raise PermissionDenied("仅财政审核人可访问此页面")


def require_unit_user(user: User) -> None:
    """Raise PermissionDenied unless the user works for a unit (or is an administrator)."""
    if not is_unit_user(user):
        raise PermissionDenied("仅单位用户可访问此页面")


def is_admin(user: User) -> bool:
    """Administrators: the only role that manages accounts (lockouts)."""
    return role_of(user) == Role.ADMIN


def require_admin(user: User) -> None:
    """Raise PermissionDenied unless the user is an administrator."""
    if not is_admin(user):
        raise PermissionDenied("仅管理员可访问此页面")
