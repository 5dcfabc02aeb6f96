from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs: long work (PDF, zips, batch audits, reminders) with progress."""

    name = "jixiao.web.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # The tasks register on the queue when imported: the web process needs them to
        # enqueue, the worker to run them.
        from jixiao.web.jobs import tasks  # noqa: F401
