"""Reminders to units that have not sent their self-evaluation to the bureau yet.

One item per unit; the e-mail goes through Django's mail backend (SMTP in production, a
file per message without a mail server). A unit reminded is marked done right after its
message is handed to the backend, so a restart does not remind it again (only a crash in
between those two steps could repeat that one unit's message). The schedule can start it
(`JIXIAO_SCHEDULE`, docs/deployment.md) as well as a reviewer's button.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.utils import timezone

from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.accounts.permissions import membership, require_reviewer
from jixiao.web.jobs import services
from jixiao.web.jobs.models import Job, Kind
from jixiao.web.submissions.models import Status, Submission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.jobs.runner import Run

SENT = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)


def request(
    user: AbstractBaseUser | AnonymousUser | None,
    region: Region,
    year: int,
    deadline: date,
    *,
    key: str = "",
) -> Job | None:
    """Remind the region's units without a sent submission for `year` (None: all sent).

    Asked by a reviewer (checked) or by the schedule (`user` None, with the schedule's key).
    Without a key, one reminder round per region, year and day.
    """
    if user is not None:
        require_reviewer(user)
        found = membership(user)
        if found is not None and found.region_id not in (None, region.pk):
            raise PermissionDenied("只能提醒本地区的单位")
    sent = Submission.objects.filter(fiscal_year=year, status__in=SENT).values("unit_id")
    units = list(Unit.objects.filter(region=region).exclude(pk__in=sent).order_by("code"))
    if not units:
        return None
    today = timezone.localdate().isoformat()
    job, _ = services.request(
        kind=Kind.REMINDERS,
        title=f"{region.name}{year}年度自评催报（{len(units)}个单位）",
        owner=user,
        region=region,
        key=key or f"remind:{region.pk}:{year}:{today}",
        params={"year": year, "deadline": deadline.isoformat(), "units": [u.pk for u in units]},
        items=[u.name for u in units],
    )
    return job


def scheduled(params: dict[str, Any], key: str) -> list[Job]:
    """The schedule's entry: every region (or the one named by code) for a year and deadline."""
    today = timezone.localdate()
    year = int(params.get("year") or today.year - 1)
    deadline = date.fromisoformat(str(params["deadline"])) if params.get("deadline") else today
    regions = Region.objects.all()
    if params.get("region"):
        regions = regions.filter(code=params["region"])
    jobs = [request(None, r, year, deadline, key=f"{key}:{r.pk}") for r in regions]
    return [j for j in jobs if j is not None]


def run(run: Run) -> None:
    """Send one message per unit to its editors and approvers with an e-mail address."""
    job = run.job
    year, deadline = job.params["year"], date.fromisoformat(job.params["deadline"])
    units: list[int] = job.params["units"]
    for item in run.items():
        unit = Unit.objects.filter(pk=units[item.index]).first()
        addresses = _addresses(unit) if unit is not None else []
        if unit is None or not addresses:
            run.item_done(item, ok=False, note="该单位没有登记电子邮箱的填报人或负责人。")
            continue
        send_mail(
            f"请于{deadline:%Y年%m月%d日}前报送{year}年度绩效自评",
            _body(unit.name, year, deadline),
            None,
            addresses,
        )
        run.item_done(item, note=f"已发送至{len(addresses)}个邮箱。")
    total = job.items.count()
    done_ok = job.items.filter(ok=True).count()
    services.finish(job, f"已向{done_ok}个单位发送提醒，{total - done_ok}个单位没有登记邮箱。")


def _addresses(unit: Unit) -> list[str]:
    users = get_user_model().objects.filter(
        membership__unit=unit,
        membership__role__in=(Role.UNIT_EDITOR, Role.UNIT_APPROVER),
        is_active=True,
    )
    return sorted({u.email for u in users if u.email})


def _body(unit: str, year: int, deadline: date) -> str:
    return (
        f"{unit}：\n\n贵单位{year}年度预算绩效自评尚未报送财政部门。请登录绩效自评系统，"
        f"核对问题清单后于{deadline:%Y年%m月%d日}前报送。\n\n此邮件由系统自动发送，请勿回复。"
    )
