"""The loop's findings on the bureau's dashboard: copied or stale text of the year."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.loop import copy_scan

register = template.Library()


@register.inclusion_tag("loop/_copy_finding.html")
def copy_finding(scope: Any) -> dict[str, Any]:
    """The year's 文字比对 result for the dashboard: how many self-evaluations, how serious."""
    region, year = getattr(scope, "region", None), getattr(scope, "year", None)
    scan = copy_scan.latest_scan(region, year)
    counts = copy_scan.finding_counts(scan) if scan is not None else {}
    return {"region": region, "year": year, "scan": scan, "counts": counts}
