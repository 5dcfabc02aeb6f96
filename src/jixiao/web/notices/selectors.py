"""Every read of the notices app: deadlines with days left, to-dos per role, missing units.

A to-do is derived from the submissions' states (never stored), so it cannot go stale:
what waits for the user's role in their scope, newest deadline first. Each list is
capped and counted in SQL, so a reviewer with thousands of submissions gets one query
per kind of to-do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from jixiao.web.accounts.models import Role, Unit
from jixiao.web.accounts.permissions import membership
from jixiao.web.notices.models import Deadline, Notification
from jixiao.web.submissions.models import Status, Submission
from jixiao.web.submissions.selectors import visible_submissions

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from jixiao.web.accounts.models import Region

    User = AbstractBaseUser | AnonymousUser

SENT = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
"""States in which the bureau has the submission: the unit has met its deadline."""
SHOWN = 10
"""To-do lines listed per kind; the rest is a count with a link."""


@dataclass(frozen=True)
class DeadlineView:
    """A deadline as a banner says it: date, days left (negative = overdue), done or not."""

    year: int
    due: date
    days_left: int
    done: bool

    @property
    def text(self) -> str:
        """The banner sentence."""
        head = f"{self.year}年度绩效自评报送截止日期：{self.due:%Y年%m月%d日}"
        if self.done:
            return f"{head}（已报送）"
        if self.days_left > 0:
            return f"{head}，还剩{self.days_left}天"
        if self.days_left == 0:
            return f"{head}，今天截止"
        return f"{head}，已逾期{-self.days_left}天"

    @property
    def urgent(self) -> bool:
        """Seven days or less left, or overdue, and not yet sent."""
        return not self.done and self.days_left <= 7


@dataclass(frozen=True)
class Todo:
    """One line of the 待办 list: what to do, where, and how many when it is a count."""

    text: str
    url: str
    count: int = 0


def unit_deadlines(user: User) -> list[DeadlineView]:
    """The deadlines of a unit user's region still relevant: not sent, or the latest one."""
    found = membership(user)
    if found is None or found.unit is None or found.unit_id is None:
        return []
    today = timezone.localdate()
    sent = set(
        Submission.objects.filter(unit_id=found.unit_id, status__in=SENT).values_list(
            "fiscal_year", flat=True
        )
    )
    rows = Deadline.objects.filter(region_id=found.unit.region_id).order_by("-fiscal_year")[:3]
    views = [
        DeadlineView(d.fiscal_year, d.due, (d.due - today).days, d.fiscal_year in sent)
        for d in rows
    ]
    return [v for i, v in enumerate(views) if not v.done or i == 0]


def region_deadline(region: Region | None, year: int | None) -> DeadlineView | None:
    """The bureau's own deadline for the region and year (done = nothing left to send)."""
    if region is None or year is None:
        return None
    found = Deadline.objects.filter(region=region, fiscal_year=year).first()
    if found is None:
        return None
    left = (found.due - timezone.localdate()).days
    return DeadlineView(year, found.due, left, not missing_units(region, year).exists())


def missing_units(region: Region, year: int) -> QuerySet[Unit]:
    """The region's units whose submission for `year` has not reached the bureau."""
    sent = Submission.objects.filter(fiscal_year=year, status__in=SENT).values("unit_id")
    return Unit.objects.filter(region=region).exclude(pk__in=sent).order_by("code")


def unread(user: User) -> int:
    """Unread notifications of the user (the header badge)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def notifications(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=int(user.pk))


def todos(user: User) -> list[Todo]:
    """The 待办 list of the user's landing page, by role."""
    found = membership(user)
    if found is None:
        return []
    if found.role in (Role.FINANCE_REVIEWER, Role.ADMIN):
        return _reviewer_todos(user)
    return _unit_todos(user, found.role)


def _line(sub: Submission, text: str, url: str) -> Todo:
    return Todo(f"{sub.unit.name}{sub.fiscal_year}年度自评：{text}", url)


def _unit_todos(user: User, role: str) -> list[Todo]:
    mine = visible_submissions(user)
    out: list[Todo] = []
    wanted = Q(status__in=(Status.DRAFT, Status.RETURNED))
    if role == Role.UNIT_APPROVER:
        wanted |= Q(status=Status.UNIT_REVIEW)
    texts = {
        Status.DRAFT: "草稿，填报完成后提交单位审核",
        Status.RETURNED: "被财政退回，请按意见修改后重新提交",
        Status.UNIT_REVIEW: "等待您审核，同意后报送财政",
    }
    for sub in mine.filter(wanted).order_by("-fiscal_year")[:SHOWN]:
        out.append(
            _line(sub, texts[Status(sub.status)], reverse("submissions:detail", args=[sub.pk]))
        )
    years = set(mine.values_list("fiscal_year", flat=True))
    for view in unit_deadlines(user):
        if not view.done and view.year not in years:
            out.append(
                Todo(f"尚未建立{view.year}年度自评（{view.text}）", reverse("submissions:list"))
            )
    return out


def _reviewer_todos(user: User) -> list[Todo]:
    mine = visible_submissions(user)
    out: list[Todo] = []
    waiting = mine.filter(status=Status.SUBMITTED).order_by("submitted_at", "id")
    count = waiting.count()
    if count:
        query = urlencode({"status": Status.SUBMITTED})
        out.append(Todo("待审核的自评", f"{reverse('review:dashboard')}?{query}", count))
        for sub in waiting[:SHOWN]:
            out.append(_line(sub, "已报送，待审核", reverse("review:detail", args=[sub.pk])))
    approved = mine.filter(status=Status.APPROVED).count()
    if approved:
        query = urlencode({"status": Status.APPROVED})
        out.append(
            Todo("已审核通过、待公开的自评", f"{reverse('review:dashboard')}?{query}", approved)
        )
    found = membership(user)
    region = None if found is None else found.region
    if region is not None:
        for deadline in Deadline.objects.filter(region=region).order_by("-fiscal_year")[:1]:
            late = missing_units(region, deadline.fiscal_year).count()
            if late:
                query = urlencode({"year": deadline.fiscal_year})
                out.append(
                    Todo(
                        f"{deadline.fiscal_year}年度尚未报送的单位（截止{deadline.due:%m月%d日}）",
                        f"{reverse('notices:missing')}?{query}",
                        late,
                    )
                )
    return out
