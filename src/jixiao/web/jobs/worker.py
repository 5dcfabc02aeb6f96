"""A worker process: the queue's consumer, a warm converter, a heartbeat, recovery at start.

`jixiao worker` calls `run`. Order matters: the worker imports every job kind (a broken
one stops it before it takes work), registers and recovers (a restart after a kill finds
the jobs its dead predecessor held on this host and queues them again at once), starts
the warm LibreOffice in the background (PDF jobs arriving before it is ready use the cold
path), then consumes until SIGINT/SIGTERM, finishing running tasks.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from jixiao.pipeline import converter_state, start_converter, stop_converter
from jixiao.web.jobs import kinds, schedule, services
from jixiao.web.jobs.models import Worker

log = logging.getLogger(__name__)

BEAT_SECONDS = 30


def _beat(ident: str) -> None:
    Worker.objects.update_or_create(
        ident=ident, defaults={"seen": timezone.now(), "converter": converter_state()}
    )


def _heartbeat(ident: str, stop: threading.Event) -> None:
    try:
        while not stop.wait(BEAT_SECONDS):
            try:
                _beat(ident)
            except DatabaseError:
                log.exception("worker heartbeat failed")
    finally:
        connection.close()


def _warm_up(ident: str) -> None:
    try:
        state = start_converter(settings.CONVERTER_URL)
        log.info("document converter: %s", state)
        _beat(ident)  # report the converter now, not at the next beat
    finally:
        connection.close()


def run(threads: int, *, warm: bool = True) -> None:
    """Consume the queue with `threads` threads until stopped (see module docstring)."""
    from jixiao.web.jobs.tasks import HUEY

    schedule.validate()
    kinds.load_all()  # a kind that cannot be imported stops the worker here, not a job later
    ident = services.worker_ident()
    _beat(ident)
    recovered = services.recover()
    if recovered:
        log.info("queued again after a restart: %s", recovered)
    stop = threading.Event()
    threading.Thread(target=_heartbeat, args=(ident, stop), daemon=True).start()
    if warm:
        threading.Thread(target=_warm_up, args=(ident,), name="warm-converter", daemon=True).start()
    consumer = HUEY.create_consumer(
        workers=threads, worker_type="thread", periodic=True, check_worker_health=True
    )
    try:
        consumer.run()
    finally:
        stop.set()
        stop_converter()
        Worker.objects.filter(ident=ident).delete()
