from __future__ import annotations

from django.apps import AppConfig


class LoopConfig(AppConfig):
    """绩效目标, 运行监控, 复核 and calibration pages."""

    name = "jixiao.web.loop"
    label = "loop"
    verbose_name = "绩效目标与监控"

    def ready(self) -> None:
        """Keep the calibration totals true when a re-review goes (also by cascade)."""
        from django.db.models.signals import post_delete

        from jixiao.web.loop.models import Rereview
        from jixiao.web.loop.services import forget_rereview

        post_delete.connect(forget_rereview, sender=Rereview, dispatch_uid="loop.forget_rereview")
