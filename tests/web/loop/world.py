"""Loop fixtures on top of the web test world: targets filed/approved, a round, a re-review."""

from __future__ import annotations

import copy
from typing import Any

from tests.web.conftest import World

from jixiao.web.loop import services
from jixiao.web.loop.models import MonitoringRound, TargetFiling

YEAR = 2024
TARGETS: dict[str, Any] = {
    "unit_kind": "行政单位",
    "department_goal": "保障本单位履职，完成年度重点工作。",
    "department_indicators": [
        {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "办理案件数",
            "unit": "件",
            "target": "≥100",
            "weight": "10",
        },
        {
            "level1": "效益指标",
            "level2": "社会效益指标",
            "name": "群众知晓率",
            "unit": "%",
            "target": "≥85",
            "weight": "10",
        },
        {
            "level1": "满意度指标",
            "level2": "服务对象满意度指标",
            "name": "群众满意度",
            "unit": "%",
            "target": "≥90",
            "weight": "10",
        },
    ],
    "projects": [
        {
            "name": "普法宣传项目",
            "start": "2024-01",
            "end": "2024-12",
            "funding": "200",
            "annual_goal": "开展普法宣传活动。",
            "indicators": [
                {
                    "level1": "产出指标",
                    "level2": "数量指标",
                    "name": "宣传活动场次",
                    "unit": "场",
                    "target": "≥20",
                    "weight": "30",
                },
                {
                    "level1": "效益指标",
                    "level2": "社会效益指标",
                    "name": "受众人次",
                    "unit": "人次",
                    "target": "≥5000",
                    "weight": "30",
                },
                {
                    "level1": "满意度指标",
                    "level2": "服务对象满意度指标",
                    "name": "参与群众满意度",
                    "unit": "%",
                    "target": "≥90",
                    "weight": "10",
                },
            ],
        }
    ],
}


def filed(w: World) -> TargetFiling:
    """The home unit's 2024 targets, filed."""
    filing = services.save_targets(w.users["editor"], w.units["home"], YEAR, copy.deepcopy(TARGETS))
    return services.file_targets(w.users["editor"], filing)


def approved(w: World) -> TargetFiling:
    """The home unit's 2024 targets, filed and approved."""
    return services.approve_targets(w.users["reviewer"], filed(w))


def round_of(w: World) -> MonitoringRound:
    """A 1–7月 round of the home region."""
    return services.create_round(w.users["reviewer"], w.regions["home"], YEAR, "1–7月", 7)


def filing_pk(w: World) -> dict[str, Any]:
    return {"pk": TargetFiling.objects.get(unit=w.units["home"], fiscal_year=YEAR).pk}


def round_pk(w: World) -> dict[str, Any]:
    return {"pk": MonitoringRound.objects.get(region=w.regions["home"]).pk}
