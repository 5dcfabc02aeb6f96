"""Targets are read-only in a self-evaluation started from approved targets.

Why: the whole point of approving targets before the year is that the unit cannot lower
them afterwards; a change goes through an 调整 request the bureau approves. The
submission save service asks `target_edit_refusal` before storing new data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from jixiao.core.model import Target

if TYPE_CHECKING:
    from jixiao.web.submissions.models import Submission


def _shown(target: Any, unit: Any) -> str | None:
    if target in (None, ""):
        return None
    try:
        return Target.model_validate(target).display(str(unit or ""))
    except (ValidationError, ValueError):
        return str(target)


def _targets(data: Any) -> dict[tuple[str, str], str | None]:
    out: dict[tuple[str, str], str | None] = {}
    if not isinstance(data, dict):
        return out
    owners = [("", data.get("department_indicators"))]
    owners += [
        (str(p.get("name", "")), p.get("indicators"))
        for p in data.get("projects") or []
        if isinstance(p, dict)
    ]
    for owner, indicators in owners:
        for ind in indicators if isinstance(indicators, list) else []:
            if isinstance(ind, dict):
                out[(owner, str(ind.get("name", "")))] = _shown(ind.get("target"), ind.get("unit"))
    return out


def target_edit_refusal(sub: Submission, data: Any) -> str | None:
    """A Chinese refusal when `data` changes or drops a locked target; None when it does not."""
    from jixiao.web.loop.models import Prefill
    from jixiao.web.loop.selectors import locked_targets

    link = Prefill.objects.filter(submission_id=sub.pk).select_related("filing").first()
    if link is None:
        return None
    locked = locked_targets(link.filing)
    if locked is None:
        return None
    allowed: dict[tuple[str, str], set[str]] = {}
    for version in (locked.original, locked.adjusted):
        for owner, _path, ind in version.indicators():
            if ind.target is not None:
                allowed.setdefault((owner, ind.name), set()).add(ind.target.display(ind.unit))
    now = _targets(data)
    for (owner, name), shown in allowed.items():
        if now.get((owner, name)) not in shown:
            where = owner or "部门整体"
            return (
                f"指标「{where}／{name}」的年度指标值来自已批复的绩效目标（{'或'.join(sorted(shown))}），"
                "自评中不能修改或删除；确需变更请在“绩效目标”中提出调整申请。"
            )
    return None
