"""The public copy: which projects are 涉密 and what a public reader may see of them.

The only place the rule lives. The reports (builder and figures), the published data and
the open data all ask here, so a copy cannot be public in one format and leak in another.
Why the raw-data reader fails closed: a stored data tree may hold a flag the model would
read as true ("true", "是"-like text the model refuses, 1 …); testing `is True` let the
string "true" through. A value the model cannot read as a yes/no counts as 涉密.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from jixiao.core.model import Project, Submission
    from jixiao.core.scoring import Score

__all__ = [
    "REDACTED_PROJECT",
    "classified_names",
    "hidden_paths",
    "is_classified",
    "redact_text",
    "redacted_data",
    "unclassified_projects",
    "unclassified_scores",
]

REDACTED_PROJECT = "（涉密项目）"
"""What stands in a public text where a 涉密 project's name was."""

_FLAG: TypeAdapter[bool] = TypeAdapter(bool)


def is_classified(value: object) -> bool:
    """A stored 涉密 flag as the model reads it (pydantic's yes/no); unreadable counts as 涉密."""
    try:
        return _FLAG.validate_python(value)
    except ValidationError:
        return True


def _raw_project_classified(item: object) -> bool:
    if not isinstance(item, Mapping):
        return True  # not a project the model could read: nothing of it is public
    return is_classified(item.get("classified", False))


def redacted_data(data: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    """A stored data tree without its 涉密 projects, and how many were removed."""
    projects = data.get("projects")
    if not isinstance(projects, list):
        return dict(data), 0
    kept = [p for p in projects if not _raw_project_classified(p)]
    return {**data, "projects": kept}, len(projects) - len(kept)


def unclassified_projects(projects: Iterable[Project]) -> list[Project]:
    """The projects a public copy may show, in order."""
    return [p for p in projects if not p.classified]


def classified_names(sub: Submission) -> tuple[str, ...]:
    """Names of the 涉密 projects: to be replaced wherever a public text would show them."""
    return tuple(p.name for p in sub.projects if p.classified)


def hidden_paths(sub: Submission) -> frozenset[str]:
    """Field paths of the 涉密 projects ("projects[2]"), for records keyed by path."""
    return frozenset(f"projects[{i}]" for i, p in enumerate(sub.projects) if p.classified)


def unclassified_scores(scores: Sequence[Score], sub: Submission | None) -> list[Score]:
    """The scores a public copy may show: the department's and the non-涉密 projects'.

    Matched on the score's path, never its subject label: a name alone could let a 涉密
    project's score through under a renamed label.
    """
    hidden = hidden_paths(sub) if sub is not None else frozenset()
    return [s for s in scores if s.path not in hidden]


def redact_text(text: str, names: Iterable[str]) -> str:
    """`text` with every 涉密 project name replaced, in one pass.

    Longest names first, so no part of a longer name survives; one pass, so a name that
    occurs inside the replacement text ("涉密") is not replaced again.
    """
    ordered = sorted({n for n in names if n}, key=len, reverse=True)
    if not ordered:
        return text
    return re.sub("|".join(map(re.escape, ordered)), REDACTED_PROJECT, text)
