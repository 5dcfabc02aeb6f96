"""The queue's tasks: "run job N", and the sweep that recovers jobs and starts scheduled ones.

Huey (see docs/deployment.md for why) carries only a job id; the state is in the database
(`models.py`). The sweep runs every minute in every worker; what it does is safe to repeat.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from jixiao.web.jobs import runner, schedule, services

__all__ = ["HUEY", "run_job", "sweep"]


@db_task()
def run_job(job_id: int) -> None:
    """Run job `job_id` (does nothing when another delivery already ran or holds it)."""
    runner.execute(job_id, services.worker_ident(), heartbeat=not HUEY.immediate)


@db_periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: recover jobs, start the scheduled ones, hourly purge old ones.

    Recovered: stalled or lost jobs; purged: finished jobs older than JOB_KEEP_DAYS.
    """
    services.recover()
    schedule.start_due()
    if timezone.localtime().minute == 17:  # once an hour is plenty
        services.purge(settings.JOB_KEEP_DAYS)
