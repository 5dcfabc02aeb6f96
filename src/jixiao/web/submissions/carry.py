"""Start next year from this year: keep what stays true, drop what must be measured again.

The unit, its staffing, the projects that continue and their indicators (names, units,
targets, weights) carry over; every figure, actual value, stated score and narrative is
left empty, because copying last year's numbers into a new report is exactly the kind of
mistake (a 2023 photo caption in a 2022 report) the checks exist to catch.
"""

from __future__ import annotations

from typing import Any

_INDICATOR_KEYS = ("level1", "level2", "name", "unit", "target", "weight")
_PROJECT_KEYS = ("name", "code", "implementing_unit", "account", "classified", "key_project")
_UNIT_DROP = ("headcount",)


def _indicators(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        return []
    return [
        {k: item[k] for k in _INDICATOR_KEYS if k in item}
        for item in items
        if isinstance(item, dict)
    ]


def _project(item: dict[str, Any]) -> dict[str, Any]:
    kept = {k: item[k] for k in _PROJECT_KEYS if k in item}
    if item.get("goal"):
        kept["goal"] = item["goal"]
    indicators = _indicators(item.get("indicators"))
    if indicators:
        kept["indicators"] = indicators
    return kept


def carry_forward(data: dict[str, Any], year: int) -> dict[str, Any]:
    """A new data tree for `year` built from a previous year's tree."""
    out: dict[str, Any] = {"schema_version": data.get("schema_version", 1), "fiscal_year": year}
    unit = data.get("unit")
    if isinstance(unit, dict):
        out["unit"] = {k: v for k, v in unit.items() if k not in _UNIT_DROP}
    projects = data.get("projects")
    if isinstance(projects, list):
        out["projects"] = [_project(p) for p in projects if isinstance(p, dict)]
    indicators = _indicators(data.get("department_indicators"))
    if indicators:
        out["department_indicators"] = indicators
    return out
