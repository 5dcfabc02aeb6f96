from __future__ import annotations

from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    """A unit's self-evaluation per year: data, versions, workflow, unit pages."""

    name = "jixiao.web.submissions"
    label = "submissions"
    verbose_name = "自评填报"

    def ready(self) -> None:
        # The forms offer the scoring framework's 一级 names (formspec itself reads no rules).
        from jixiao.web.submissions import formspec, levels

        formspec.offer_levels(levels.level_choices)
