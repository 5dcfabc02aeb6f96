"""Each kind of job: a `request` service that makes it and a `run` the worker calls.

A kind's module is imported when a job of that kind first runs, not when the package is:
the queue's tasks import `KINDS` at every start of Django (`manage`, `serve`, each
gunicorn worker), and the report renderers, python-docx and the auditor the kinds use
cost ~95 ms there. The worker imports every kind when it starts (`load_all`), so a kind
that cannot be imported stops the worker at once rather than failing its first job.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from jixiao.web.jobs.models import Kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from jixiao.web.jobs.runner import Run

MODULES: dict[str, str] = {
    Kind.RENDER: "render",
    Kind.AUDIT_BATCH: "audit_batch",
    Kind.REGION_REPORTS: "region_reports",
    Kind.REMINDERS: "reminders",
}
"""Kind → its module in this package (each module has `run(run)`)."""


def runner(kind: str) -> Callable[[Run], None]:
    """The `run` function of `kind`, importing its module on first use."""
    run: Callable[[Run], None] = import_module(f"{__name__}.{MODULES[kind]}").run
    return run


def _deferred(kind: str) -> Callable[[Run], None]:
    def run(job_run: Run) -> None:
        runner(kind)(job_run)

    run.__qualname__ = f"run[{kind}]"
    return run


KINDS: dict[str, Callable[[Run], None]] = {kind: _deferred(kind) for kind in MODULES}
"""Kind → what the worker calls for it."""


def load_all() -> None:
    """Import every kind's module now (the worker at start; see the module docstring)."""
    for kind in MODULES:
        runner(kind)
