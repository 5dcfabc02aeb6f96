"""Filters that turn rule data into a reader's words: policy names and 文号, never ids.

`for_readers` drops the maintainers' notes from a reference (`core.basis.for_readers`);
`framework_title` names a scoring framework by its Chinese title instead of its id.
"""

from __future__ import annotations

from functools import lru_cache

from django import template

from jixiao.core.basis import for_readers as _for_readers
from jixiao.core.problems import UnreadableError
from jixiao.rules.frameworks import load_framework

register = template.Library()


@register.filter
def for_readers(text: str | None) -> str:
    """A rule reference without file names, URLs, vendor ids or section signs."""
    return _for_readers(str(text or ""))


@register.filter
def framework_title(framework_id: str | None) -> str:
    """The framework's Chinese title ("项目支出绩效自评（财预〔2020〕10号）")."""
    return _title(str(framework_id or ""))


@lru_cache(maxsize=64)
def _title(framework_id: str) -> str:
    if not framework_id:
        return ""
    try:
        return load_framework(framework_id).title
    except UnreadableError:
        return "计分框架"
