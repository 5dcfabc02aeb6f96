from __future__ import annotations

from django.apps import AppConfig


class LoopConfig(AppConfig):
    """绩效目标, 运行监控, 复核 and calibration pages."""

    name = "jixiao.web.loop"
    label = "loop"
    verbose_name = "绩效目标与监控"
