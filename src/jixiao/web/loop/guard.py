"""Targets are read-only in a self-evaluation started from approved targets.

Why: the whole point of approving targets before the year is that the unit cannot lower
them afterwards; a change goes through an 调整 request the bureau approves. The
submission save service asks `target_edit_refusal` before storing new data, and the edit
page shows the inputs `targets_for_editing` names read-only.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from jixiao.core.model import Target

if TYPE_CHECKING:
    from collections.abc import Container, Iterator

    from jixiao.web.loop.selectors import Locked
    from jixiao.web.submissions.models import Submission


def _shown(target: Any, unit: Any) -> str | None:
    if target in (None, ""):
        return None
    try:
        return Target.model_validate(target).display(str(unit or ""))
    except (ValidationError, ValueError):
        return str(target)


def _slots(data: Any) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every indicator of a data tree: (owner, name, its target's input name, the row)."""
    if not isinstance(data, dict):
        return
    owners = [("", "department_indicators", data.get("department_indicators"))]
    owners += [
        (str(p.get("name", "")), f"projects[{j}].indicators", p.get("indicators"))
        for j, p in enumerate(data.get("projects") or [])
        if isinstance(p, dict)
    ]
    for owner, path, indicators in owners:
        for i, ind in enumerate(indicators if isinstance(indicators, list) else []):
            if isinstance(ind, dict):
                yield owner, str(ind.get("name", "")), f"{path}[{i}].target", ind


def _targets(data: Any, keys: Container[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """The shown target of each indicator named in `keys` (the last row of a name wins).

    Only the locked ones are read: most units lock none, and a save of a 2,000-project
    unit validated all 20,000 targets to compare none of them (a tenth of the save).
    """
    return {
        (owner, name): _shown(ind.get("target"), ind.get("unit"))
        for owner, name, _path, ind in _slots(data)
        if (owner, name) in keys
    }


def _locked(sub: Submission) -> Locked | None:
    from jixiao.web.loop.models import Prefill
    from jixiao.web.loop.selectors import locked_targets

    link = Prefill.objects.filter(submission_id=sub.pk).select_related("filing").first()
    return None if link is None else locked_targets(link.filing)


def _allowed(locked: Locked | None) -> dict[tuple[str, str], set[str]]:
    """Locked targets by (owner, indicator): the original and the adjusted text."""
    allowed: dict[tuple[str, str], set[str]] = {}
    if locked is None:
        return allowed
    for version in (locked.original, locked.adjusted):
        for owner, _path, ind in version.indicators():
            if ind.target is not None:
                allowed.setdefault((owner, ind.name), set()).add(ind.target.display(ind.unit))
    return allowed


def targets_for_editing(sub: Submission, data: Any) -> tuple[Any, dict[str, str], frozenset[str]]:
    """What the edit page needs of the approved targets, from one lookup of them.

    `data` with approved adjustments applied and the originals by input name (see
    `adjusted_targets`), and the input names of targets that come from approved targets:
    the page renders these read-only with a note, so a clerk sees before typing that they
    cannot be changed (the save would refuse it anyway).
    """
    locked = _locked(sub)
    shown, originals = _adjusted(locked, data)
    return shown, originals, _locked_inputs(locked, shown)


def _locked_inputs(locked: Locked | None, data: Any) -> frozenset[str]:
    allowed = _allowed(locked)
    if not allowed:
        return frozenset()
    return frozenset(path for owner, name, path, _ind in _slots(data) if (owner, name) in allowed)


def target_edit_refusal(sub: Submission, data: Any) -> str | None:
    """A Chinese refusal when `data` changes or drops a locked target; None when it does not."""
    allowed = _allowed(_locked(sub))
    now = _targets(data, allowed) if allowed else {}
    for (owner, name), shown in allowed.items():
        if now.get((owner, name)) not in shown:
            where = owner or "部门整体"
            return (
                f"指标「{where}／{name}」的年度指标值来自已批复的绩效目标（{'或'.join(sorted(shown))}），"
                "自评中不能修改或删除；确需变更请在“绩效目标”中提出调整申请。"
            )
    return None


def adjusted_targets(sub: Submission, data: Any) -> tuple[Any, dict[str, str]]:
    """`data` with adjustments approved since the start; originals' text by input name.

    The originals are given for every adjusted indicator (also when `data` has it already).

    A self-evaluation pre-filled before the bureau approved an 调整 still carries the
    original target; the edit page shows the adjusted one (saved with the next 保存) and
    the original beside it. `data` itself is not changed.
    """
    return _adjusted(_locked(sub), data)


def _adjusted(locked: Locked | None, data: Any) -> tuple[Any, dict[str, str]]:
    if locked is None:
        return data, {}
    original = {(owner, ind.name): ind for owner, _path, ind in locked.original.indicators()}
    changed = {
        (owner, ind.name): ind
        for owner, _path, ind in locked.adjusted.indicators()
        if (owner, ind.name) in original and original[(owner, ind.name)].target != ind.target
    }
    if not changed:
        return data, {}
    out = copy.deepcopy(data)
    originals: dict[str, str] = {}
    for owner, name, path, ind in _slots(out):
        new = changed.get((owner, name))
        if new is None or new.target is None:
            continue
        before = original[(owner, name)]
        shown = "" if before.target is None else before.target.display(before.unit)
        originals[path] = shown
        if _shown(ind.get("target"), ind.get("unit")) == shown:
            ind["target"] = new.target.model_dump(mode="json", exclude_none=True)
    return out, originals
