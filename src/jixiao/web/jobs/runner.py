"""Run one job in a worker: claim it, keep its lease alive, dispatch to its kind, settle.

`Run` is what a kind's code sees: the job, the items still to do, and calls to record an
item or the job's own progress. A kind raises only for a fault worth retrying (a database
blip, a converter crash); a bad input is an item or job outcome with a Chinese message.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection

from jixiao.web.jobs import services
from jixiao.web.jobs.kinds import KINDS
from jixiao.web.ops.logs import REQUEST_ID

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from jixiao.web.jobs.models import Item, Job

log = logging.getLogger(__name__)


class LostJob(Exception):
    """The job's lease was given to another worker: stop without recording anything."""


@dataclass
class Run:
    """One run of a job by this worker."""

    job: Job
    worker: str
    lost: threading.Event = field(default_factory=threading.Event)

    def items(self) -> Iterator[Item]:
        """The items still to do; each is counted as started before it is handed out."""
        for item in services.pending_items(self.job):
            if self.lost.is_set():
                raise LostJob
            services.start_item(item)
            yield item

    def item_done(
        self,
        item: Item,
        *,
        ok: bool = True,
        note: str = "",
        result: dict[str, Any] | None = None,
        store: Callable[[], int | None] | None = None,
    ) -> bool:
        """Record an item's outcome (see `services.item_done`)."""
        if self.lost.is_set():
            raise LostJob
        return services.item_done(item, ok=ok, note=note, result=result, store=store)

    def progress(self, done: int, message: str = "") -> None:
        """Progress of a job without items (steps of its own)."""
        services.progress(self.job, done, message)


def execute(job_id: int, worker: str, *, heartbeat: bool = True) -> None:
    """Run job `job_id` if this worker can claim it (see module docstring)."""
    job = services.claim(job_id, worker)
    if job is None:
        return
    token = REQUEST_ID.set(f"job-{job_id}")
    run = Run(job, worker)
    try:
        with _lease_keeper(run) if heartbeat else contextlib.nullcontext():
            KINDS[job.kind](run)
    except LostJob:
        log.warning("job %s was taken over by another worker", job_id)
    except Exception:
        log.exception("job %s raised", job_id)
        _settle_failure(job)
    finally:
        REQUEST_ID.reset(token)


def _settle_failure(job: Job) -> None:
    failures = job.failures + 1
    if failures >= settings.JOB_MAX_FAILURES:
        services.failed(
            job,
            "处理过程中多次出错，任务已停止。已完成的部分保留；请稍后重试，仍不成功请联系系统管理员。",
        )
        return
    services.release(job, failures)
    from jixiao.web.jobs.tasks import run_job

    run_job.schedule((job.pk,), delay=5 * failures)


@contextlib.contextmanager
def _lease_keeper(run: Run) -> Iterator[None]:
    """Renew the lease every third of its length while the job runs (a daemon thread)."""
    stop = threading.Event()
    every = max(1.0, settings.JOB_LEASE_SECONDS / 3)

    def renew() -> None:
        try:
            while not stop.wait(every):
                if not services.renew(run.job.pk, run.worker):
                    run.lost.set()
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=renew, name=f"lease-{run.job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5)
