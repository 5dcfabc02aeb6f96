"""Every write of the notices app: notify on moves, set a deadline, remind, mark opened/read.

Notifications are rows written in the caller's transaction (a handful per move); e-mail,
when `settings.NOTIFY_BY_EMAIL` is on, goes through Django's mail backend only after the
transaction commits, so a refused move never mails anyone and a slow mail server never
holds a row lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.accounts.permissions import Action, membership, require_reviewer
from jixiao.web.notices.models import Deadline, Notification, Opening
from jixiao.web.submissions.models import Status, Submission

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from jixiao.web.submissions.models import Transition

    User = AbstractBaseUser | AnonymousUser

UNIT_ROLES = (Role.UNIT_EDITOR, Role.UNIT_APPROVER)
MAX_REMIND = 500
"""Units one reminder round may name (a region has a few hundred at most)."""


class NoticeRefused(Exception):
    """A deadline or reminder that cannot be accepted; `message` is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _people(**scope: Any) -> QuerySet[Any]:
    return get_user_model().objects.filter(is_active=True, **scope)


def recipients(sub: Submission, action: str) -> tuple[QuerySet[Any], str]:
    """Who hears of a move, and the page they act on (unit overview or review page)."""
    unit_page = reverse("submissions:detail", args=[sub.pk])
    review_page = reverse("review:detail", args=[sub.pk])
    unit = {"membership__unit_id": sub.unit_id}
    if action == Action.SEND_TO_APPROVER:
        return _people(**unit, membership__role=Role.UNIT_APPROVER), unit_page
    if action in (Action.SEND_BACK, Action.WITHDRAW):
        role = Role.UNIT_EDITOR if action == Action.SEND_BACK else Role.UNIT_APPROVER
        return _people(**unit, membership__role=role), unit_page
    if action in (Action.FORWARD, Action.RECALL):
        region = {"membership__region_id": sub.unit.region_id}
        return _people(**region, membership__role=Role.FINANCE_REVIEWER), review_page
    return _people(**unit, membership__role__in=UNIT_ROLES), unit_page


MESSAGES = {
    Action.SEND_TO_APPROVER: "{unit}{year}年度自评已提交，等待您审核同意报送",
    Action.SEND_BACK: "单位负责人退回了{year}年度自评，请修改后重新提交",
    Action.FORWARD: "{unit}{year}年度自评已报送财政，等待审核",
    Action.RETURN: "财政审核人退回了{unit}{year}年度自评，请按意见修改后重新报送",
    Action.APPROVE: "{unit}{year}年度自评已审核通过",
    Action.PUBLISH: "{unit}{year}年度自评已公开",
    Action.WITHDRAW: "填报人撤回了{unit}{year}年度自评",
    Action.RECALL: "{unit}{year}年度自评已被单位撤回",
}


def notify_move(sub: Submission, transition: Transition, actor: Any) -> list[Notification]:
    """Tell the people who act next (or whose work was decided) about one move."""
    known = {a.value: a for a in MESSAGES}
    template = MESSAGES[known[transition.action]] if transition.action in known else None
    if template is None:
        return []
    people, url = recipients(sub, transition.action)
    text = template.format(unit=sub.unit.name, year=sub.fiscal_year)
    if transition.comment:
        text = f"{text}。意见：{transition.comment}"
    actor_id = getattr(actor, "pk", None)
    users = [u for u in people if u.pk != actor_id]
    return _send(users, text[:500], url, sub)


def _send(
    users: list[Any], text: str, url: str, sub: Submission | None, *, mail: bool = True
) -> list[Notification]:
    made = Notification.objects.bulk_create(
        [Notification(user=u, submission=sub, text=text, url=url) for u in users]
    )
    addresses = sorted({u.email for u in users if u.email})
    if mail and addresses and settings.NOTIFY_BY_EMAIL:
        transaction.on_commit(lambda: _mail(text, url, addresses))
    return made


def _mail(text: str, url: str, addresses: list[str]) -> None:
    body = f"{text}。\n\n请登录绩效自评系统处理：{settings.SITE_URL}{url}\n\n此邮件由系统自动发送，请勿回复。"
    send_mail(text[:60], body, None, addresses, fail_silently=True)


def set_deadline(user: User, region: Region, year: int, due: date) -> Deadline:
    """The bureau sets (or moves) its region's deadline for a fiscal year."""
    require_reviewer(user)
    _own_region(user, region)
    if not 2000 <= year <= 2100:
        raise NoticeRefused("年度应在2000至2100之间。")
    deadline, _ = Deadline.objects.update_or_create(
        region=region,
        fiscal_year=year,
        defaults={"due": due, "set_by": _user(user)},
    )
    return deadline


def remind(user: User, region: Region, year: int, units: list[Unit], *, mail: bool = True) -> int:
    """Remind units of the region in-app (and by e-mail when on); the number of people told.

    A round over the whole region passes `mail=False` and leaves the e-mail to the
    reminders job (`jobs.kinds.reminders`), so hundreds of messages never hold a request.
    """
    require_reviewer(user)
    _own_region(user, region)
    if not units:
        raise NoticeRefused("请选择要催报的单位。")
    if len(units) > MAX_REMIND:
        raise NoticeRefused(f"一次最多催报{MAX_REMIND}个单位。")
    if any(u.region_id != region.pk for u in units):
        raise PermissionDenied("只能催报本地区的单位")
    deadline = Deadline.objects.filter(region=region, fiscal_year=year).first()
    by = f"，报送截止日期为{deadline.due:%Y年%m月%d日}" if deadline else ""
    told = 0
    url = reverse("submissions:list")
    people = _people(membership__unit__in=units, membership__role__in=UNIT_ROLES)
    by_unit: dict[int, list[Any]] = {}
    for person in people.select_related("membership"):
        by_unit.setdefault(person.membership.unit_id, []).append(person)
    with transaction.atomic():
        for unit in units:
            text = f"财政部门提醒：{unit.name}{year}年度绩效自评尚未报送{by}，请尽快填报并报送"
            told += len(_send(by_unit.get(unit.pk, []), text, url, None, mail=mail))
    return told


def _own_region(user: User, region: Region) -> None:
    found = membership(user)
    if found is not None and found.role == Role.FINANCE_REVIEWER and found.region_id != region.pk:
        raise PermissionDenied("只能管理本地区")


def mark_opened(user: User, sub: Submission) -> None:
    """A reviewer opened a sent submission: from now on the unit head cannot 撤回 it."""
    if sub.status != Status.SUBMITTED or sub.submitted_at is None:
        return
    if not Opening.objects.filter(submission=sub, at__gte=sub.submitted_at).exists():
        Opening.objects.create(submission=sub, user=_user(user))


def mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all, or the given ids); how many changed."""
    if not user.is_authenticated:
        return 0
    qs = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids[:1000])
    return qs.update(read_at=timezone.now())


def _user(user: User) -> Any:
    """The user for a foreign key (None for anonymous)."""
    return user if user.is_authenticated else None
