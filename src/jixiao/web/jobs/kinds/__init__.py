"""Each kind of job: a `request` service that makes it and a `run` the worker calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.web.jobs.kinds import audit_batch, region_reports, reminders, render
from jixiao.web.jobs.models import Kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from jixiao.web.jobs.runner import Run

KINDS: dict[str, Callable[[Run], None]] = {
    Kind.RENDER: render.run,
    Kind.AUDIT_BATCH: audit_batch.run,
    Kind.REGION_REPORTS: region_reports.run,
    Kind.REMINDERS: reminders.run,
}
