"""Template filters of the finance pages (labels for stored values)."""

from __future__ import annotations

from django import template

from jixiao.web.submissions.models import Status

register = template.Library()
_STATUS = dict(Status.choices)


@register.filter
def status_label(value: str) -> str:
    """The Chinese label of a stored status value (the value itself if unknown)."""
    return str(_STATUS.get(value, value))
