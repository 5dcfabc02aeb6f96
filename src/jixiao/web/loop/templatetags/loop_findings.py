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


@register.inclusion_tag("loop/_calibration_notes.html")
def calibration_notes(scope: Any) -> dict[str, Any]:
    """结果应用's 校准说明 with the rule in words.

    The year's re-review gaps that change next year's sample or the grade applied.
    """
    from jixiao.web.loop import selectors

    region, year = getattr(scope, "region", None), getattr(scope, "year", None)
    notes = [] if region is None or year is None else selectors.calibration_notes(region, year)
    return {"year": year, "notes": notes, "rules": selectors.loop_rules().calibration}
