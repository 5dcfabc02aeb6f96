from __future__ import annotations

from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    """A unit's self-evaluation per year: data, versions, workflow, unit pages."""

    name = "jixiao.web.submissions"
    label = "submissions"
    verbose_name = "自评填报"
