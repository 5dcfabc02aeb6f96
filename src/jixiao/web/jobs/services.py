"""Every write to jobs: ask for one, claim it, record progress and items, finish, recover.

The rules that make jobs safe to retry live here and nowhere else:
- `request` returns the existing job for the same key (queued, running or done), so a
  double click, a reload or a second scheduler makes no second job;
- `claim` is one conditional UPDATE: two deliveries of the same message run the job once;
- `item_done` stores an item's result and marks it done in one transaction, under a row
  lock, so a job restarted after a crash never stores an item twice;
- `recover` puts back in the queue what a dead worker held (its lease ran out, or its
  process is gone on this host) and what the queue lost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from jixiao.web.jobs.models import Item, Job, State

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.accounts.models import Region

    User = AbstractBaseUser | AnonymousUser

log = logging.getLogger(__name__)

QUEUED_GRACE = timedelta(minutes=10)
"""A job still queued this long after it was (re)enqueued is enqueued again: the queue may
have lost the message with a worker that died between taking it and claiming the job."""


def worker_ident() -> str:
    """This process as `host:pid`: a job's holder, and how a restart finds its dead jobs."""
    return f"{socket.gethostname()}:{os.getpid()}"


def request(
    *,
    kind: str,
    title: str,
    owner: User | None,
    key: str,
    params: dict[str, Any],
    region: Region | None = None,
    items: Iterable[str] = (),
    input_file: str = "",
) -> tuple[Job, bool]:
    """The job for `key` (made and enqueued if new); True when it was made now.

    A failed job gives up its key when it fails (see `_fail`), so asking again retries.
    """
    if key:
        found = Job.objects.filter(key=key).first()
        if found is not None:
            return found, False
    names = list(items)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                title=title[:200],
                owner=_owner(owner),
                region=region,
                key=key,
                params=params,
                total=max(1, len(names)),
                input_file=input_file,
                lease_until=timezone.now() + QUEUED_GRACE,
            )
            Item.objects.bulk_create(
                Item(job=job, index=i, name=name[:255]) for i, name in enumerate(names)
            )
    except IntegrityError:  # the same key made by a concurrent request a moment ago
        return Job.objects.get(key=key), False
    enqueue(job.pk)
    return job, True


def _owner(user: User | None) -> Any:
    """The user for the foreign key (None for the schedule or an anonymous caller)."""
    return user if user is not None and user.is_authenticated else None


def enqueue(job_id: int) -> None:
    """Put "run job N" on the queue once the job row is committed (workers must see it)."""
    from jixiao.web.jobs.tasks import HUEY, run_job

    if HUEY.immediate:  # tests: run now, inside the caller's transaction
        run_job(job_id)
    else:
        transaction.on_commit(lambda: run_job(job_id))


def claim(job_id: int, worker: str) -> Job | None:
    """Take the job for `worker` if it is queued or its holder's lease ran out; else None."""
    now = timezone.now()
    taken = (
        Job.objects.filter(pk=job_id)
        .filter(Q(state=State.QUEUED) | Q(state=State.RUNNING, lease_until__lt=now))
        .update(state=State.RUNNING, worker=worker, lease_until=now + _lease())
    )
    if not taken:
        return None
    Job.objects.filter(pk=job_id, started__isnull=True).update(started=now)
    return Job.objects.get(pk=job_id)


def renew(job_id: int, worker: str) -> bool:
    """Extend the lease; False when the job is no longer ours (a sweep gave it away)."""
    return bool(
        Job.objects.filter(pk=job_id, worker=worker, state=State.RUNNING).update(
            lease_until=timezone.now() + _lease()
        )
    )


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def pending_items(job: Job) -> list[Item]:
    """The items not done yet, in order."""
    return list(job.items.filter(done=False).order_by("index"))


def start_item(item: Item) -> None:
    """Count a start of `item` (the attempts column shows what a crash made run again)."""
    Item.objects.filter(pk=item.pk).update(attempts=F("attempts") + 1)


def item_done(
    item: Item,
    *,
    ok: bool = True,
    note: str = "",
    result: dict[str, Any] | None = None,
    store: Callable[[], int | None] | None = None,
) -> bool:
    """Store an item's outcome once: `store()` writes its rows and returns the id to link.

    Runs `store` and marks the item done in one transaction with the item row locked;
    returns False (storing nothing) when another worker finished the item first.
    """
    with transaction.atomic():
        row = Item.objects.select_for_update().get(pk=item.pk)
        if row.done:
            return False
        ref = store() if store is not None else None
        Item.objects.filter(pk=item.pk).update(
            done=True, ok=ok, note=note[:300], ref=ref, result=result or {}
        )
        Job.objects.filter(pk=item.job_id).update(done=F("done") + 1)
    return True


def progress(job: Job, done: int, message: str = "") -> None:
    """Set a job's progress (jobs without items count their own steps)."""
    fields: dict[str, Any] = {"done": min(done, job.total)}
    if message:
        fields["message"] = message
    Job.objects.filter(pk=job.pk).update(**fields)


def save_file(job: Job, name: str, content: bytes | Path) -> str:
    """Keep a file of the job in the shared file store; returns its storage name."""
    path = f"jobs/{job.pk}/{name}"
    if default_storage.exists(path):
        default_storage.delete(path)
    if isinstance(content, bytes):
        return default_storage.save(path, ContentFile(content))
    with content.open("rb") as handle:
        return default_storage.save(path, File(handle))


def finish(
    job: Job,
    message: str,
    *,
    result: dict[str, Any] | None = None,
    file: str = "",
    file_name: str = "",
) -> None:
    """Mark the job done with its result (and a file to download)."""
    Job.objects.filter(pk=job.pk).update(
        state=State.DONE,
        done=F("total"),
        message=message,
        result=result or {},
        result_file=file,
        result_name=file_name,
        finished=timezone.now(),
        lease_until=None,
    )


def failed(job: Job, message: str) -> None:
    """Give up on the job: say why in Chinese, and free its key so asking again retries."""
    Job.objects.filter(pk=job.pk).update(
        state=State.FAILED,
        message=message,
        finished=timezone.now(),
        lease_until=None,
        key="",
    )


def release(job: Job, failures: int) -> None:
    """Put a job that raised back in the queue (counted), for another try."""
    Job.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.QUEUED, failures=failures, worker="", lease_until=timezone.now() + QUEUED_GRACE
    )


def recover(*, host: str | None = None) -> list[int]:
    """Enqueue again what needs it; returns the job ids. Safe to run anywhere, any time.

    - running jobs whose lease ran out (their worker stopped renewing it);
    - running jobs held by a process of this host that no longer exists (a restart
      after a kill finds them at once, without waiting for the lease);
    - queued jobs not picked up within `QUEUED_GRACE` (a lost message).
    """
    now = timezone.now()
    host = host or socket.gethostname()
    ids: list[int] = []
    running = Job.objects.filter(state=State.RUNNING).values_list("pk", "worker", "lease_until")
    for pk, worker, lease in running:
        if (lease is not None and lease < now) or _dead(worker, host):
            moved = Job.objects.filter(pk=pk, state=State.RUNNING, worker=worker).update(
                state=State.QUEUED, worker="", lease_until=now + QUEUED_GRACE
            )
            if moved:
                ids.append(pk)
    lost = Job.objects.filter(state=State.QUEUED, lease_until__lt=now)
    for pk in lost.values_list("pk", flat=True):
        if Job.objects.filter(pk=pk, state=State.QUEUED, lease_until__lt=now).update(
            lease_until=now + QUEUED_GRACE
        ):
            ids.append(pk)
    for pk in ids:
        log.info("job %s queued again", pk, extra={"job": pk})
        enqueue(pk)
    return ids


def _dead(worker: str, host: str) -> bool:
    """Whether `worker` (host:pid) was a process of this host that has exited."""
    name, _, pid = worker.rpartition(":")
    if name != host or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def purge(days: int) -> int:
    """Delete finished jobs older than `days` with their files; returns how many.

    Results are for downloading soon after; keeping them for ever would fill the disk.
    The audit runs a batch made stay (they are the reviewer's records, not the job's).
    """
    cutoff = timezone.now() - timedelta(days=days)
    old = Job.objects.filter(state__in=(State.DONE, State.FAILED), finished__lt=cutoff)
    removed = 0
    for job in old.only("pk", "input_file"):
        folder = f"jobs/{job.pk}"
        with contextlib.suppress(OSError, NotImplementedError):
            _delete_tree(folder)
        job.delete()
        removed += 1
    return removed


def _delete_tree(folder: str) -> None:
    folders, files = default_storage.listdir(folder)
    for name in files:
        default_storage.delete(f"{folder}/{name}")
    for name in folders:
        _delete_tree(f"{folder}/{name}")
