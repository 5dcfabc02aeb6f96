"""`/healthz` (is each part working?) and `/readyz` (may this process take traffic?).

Both are open (a load balancer has no session) and say nothing secret: states only.
`/healthz` answers 503 when the database or the queue fails, 200 otherwise; workers and
the converter are reported (a deadline-week operator wants to see "no worker") but do not
take the app server out of rotation. `/readyz` answers 503 until the database is
reachable and fully migrated.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

if TYPE_CHECKING:
    from django.http import HttpRequest

log = logging.getLogger(__name__)


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health: database")
        return "error"
    return "ok"


def _queue() -> str:
    from jixiao.web.jobs.tasks import HUEY

    try:
        HUEY.storage.queue_size()
    except Exception:  # any backend error (Redis down, SQLite file unwritable) is "error"
        log.exception("health: queue")
        return "error"
    return "ok"


def _workers() -> dict[str, Any]:
    from jixiao.web.jobs.selectors import live_workers

    try:
        seen = list(live_workers().values_list("converter", flat=True))
    except DatabaseError:
        return {"workers": 0, "converter": "unknown"}
    best = next((c for c in ("warm", "cold", "none") if c in seen), "unknown")
    return {"workers": len(seen), "converter": best}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database, queue, live workers and the best converter a worker has."""
    body: dict[str, Any] = {"database": _database(), "queue": _queue()}
    if body["database"] == "ok":
        body.update(_workers())
    healthy = body["database"] == "ok" and body["queue"] == "ok"
    body["status"] = "ok" if healthy else "error"
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database answers and no migration is pending."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    if pending:
        return JsonResponse({"status": "migrating", "pending": len(pending)}, status=503)
    return JsonResponse({"status": "ok"})
