"""Scheduled jobs: entries in `JOB_SCHEDULE` started by the every-minute sweep.

An entry is {"name", "kind", "cron": "minute hour day month weekday", "params"}. Several
workers sweep at once, so each start carries the key "schedule:<name>:<minute>": the
first makes the job, the others find it. The deadline and monitoring jobs a region needs
are entries here; a kind is schedulable when it has a `scheduled(params, key)` function.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from huey import crontab

from jixiao.web.jobs.kinds import reminders
from jixiao.web.jobs.models import Kind

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from jixiao.web.jobs.models import Job

log = logging.getLogger(__name__)

SCHEDULABLE: dict[str, Callable[[dict[str, Any], str], list[Job]]] = {
    Kind.REMINDERS: reminders.scheduled,
}


class ScheduleError(ValueError):
    """An entry of JOB_SCHEDULE is malformed (raised when the settings are checked)."""


def due(entry: dict[str, Any], when: datetime) -> bool:
    """Whether `entry`'s cron expression matches the minute `when` (local time)."""
    fields = str(entry.get("cron", "")).split()
    if len(fields) != 5:
        raise ScheduleError(f"计划任务 {entry.get('name')} 的 cron 应有 5 段：{entry.get('cron')}")
    minute, hour, day, month, weekday = fields
    test = crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday)
    return bool(test(when))


def validate() -> None:
    """Check every entry (a worker calls this at start, so a typo stops it at once)."""
    for entry in settings.JOB_SCHEDULE:
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ScheduleError(f"计划任务应有名称：{entry}")
        if str(entry.get("kind")) not in SCHEDULABLE:
            raise ScheduleError(f"计划任务 {entry['name']} 的类型无法定时：{entry.get('kind')}")
        due(entry, timezone.localtime())


def start_due(now: datetime | None = None) -> list[Job]:
    """Start every scheduled entry due this minute (once, whoever sweeps first)."""
    when = timezone.localtime(now or timezone.now()).replace(second=0, microsecond=0)
    started: list[Job] = []
    for entry in settings.JOB_SCHEDULE:
        kind = str(entry.get("kind"))
        if kind not in SCHEDULABLE:
            raise ScheduleError(f"计划任务 {entry.get('name')} 的类型无法定时：{kind}")
        if due(entry, when):
            key = f"schedule:{entry['name']}:{when:%Y%m%d%H%M}"
            started += SCHEDULABLE[kind](dict(entry.get("params") or {}), key)
            log.info("scheduled %s started", entry["name"])
    return started
