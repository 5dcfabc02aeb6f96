"""The choices of an indicator's 一级/二级 inputs: from the scoring framework in use.

A 一级 name the framework does not score used to lose its points without a word (only a
problem after the fact); offered as a choice list, the clerk picks one it scores. 二级 is
the Excel template's own list, so the form and the template offer the same dropdown.
Installed into `formspec` when the app starts (`apps.SubmissionsConfig.ready`), so the
framework rules and the Excel layout (which loads openpyxl, ~70 ms) are imported when a
form first asks, not at every start of Django (`manage`, `worker`, each gunicorn worker).
"""

from __future__ import annotations

import re
from functools import cache

from jixiao.core.framework import FrameworkKind

_LEVEL = re.compile(r"(?:^(department_)|\.)indicators\[\d+\]\.level([12])$")


@cache
def _framework_levels(department: bool) -> tuple[str, ...]:
    from jixiao.rules.frameworks import frameworks_by_kind

    kind = FrameworkKind.DEPARTMENT if department else FrameworkKind.PROJECT
    return tuple(frameworks_by_kind()[kind].level_choices())


def level_choices(path: str) -> tuple[str, ...] | None:
    """The choices of an indicator's 一级 or 二级 input; None for any other path.

    Asked for every input drawn (~20,000 for a page of 50 projects): the suffix test
    answers nearly all of them without the regular expression.
    """
    if not path.endswith(("level1", "level2")):
        return None
    found = _LEVEL.search(path)
    if found is None:
        return None
    if found.group(2) == "1":
        return _framework_levels(bool(found.group(1)))
    return _level2_choices()


@cache
def _level2_choices() -> tuple[str, ...]:
    from jixiao.formats.excel.layout import LEVEL2_CHOICES

    return LEVEL2_CHOICES
