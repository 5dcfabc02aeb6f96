"""Reads of imports: one pending import for its preview, the problems still open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from jixiao.core.money import MoneyError, parse_money, parse_quantity
from jixiao.web.accounts.permissions import Action, require
from jixiao.web.imports.models import Import, State
from jixiao.web.submissions.formdata import Change, describe_changes
from jixiao.web.submissions.formspec import FormError, lookup

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.web.submissions.services import User

MAX_CHANGES_SHOWN = 1_000
"""Changes listed on the preview; a whole new workbook can change thousands of cells."""
_NUMERIC = frozenset({"money", "decimal", "integer"})


def import_for(user: User, pk: int, action: Action = Action.VIEW) -> Import:
    """One import by id: 404 if missing, 403 if the user may not `action` its submission."""
    imp = get_object_or_404(Import.objects.select_related("submission", "submission__unit"), pk=pk)
    require(user, action, imp.submission)
    return imp


def open_problems_of(pk: int) -> Import | None:
    """The latest applied import of submission `pk` whose workbook problems are open.

    Shown in the problem panel until the clerk marks them dealt with or imports again:
    a skipped row is not in the data, so evaluating the data cannot bring it back.
    """
    return (
        Import.objects.filter(submission_id=pk, state=State.APPLIED, problems_done=False)
        .exclude(problems=[])
        .order_by("-created_at", "-id")
        .first()
    )


def changes(imp: Import) -> list[Change]:
    """What confirming would change, field by field.

    The same amount written otherwise ("2700" and "2700.00") is not a change.
    """
    return [c for c in describe_changes(imp.submission.data, imp.data) if not _same(c)]


def _same(change: Change) -> bool:
    try:
        kind = lookup(change.path)[0].kind
    except FormError:
        return False
    if kind not in _NUMERIC or not change.old or not change.new:
        return False
    read = parse_money if kind == "money" else _number  # a rate is no amount of 万元
    try:
        return read(change.old) == read(change.new)
    except MoneyError:
        return False


def _number(text: str) -> Decimal:
    """A rate or count as the form reads it ("97.70%" and "97.7" are the same value)."""
    return parse_quantity(text)[0]


def preview_context(imp: Import) -> dict[str, Any]:
    """The preview page's changes (capped) and counts."""
    found = changes(imp)
    return {
        "changes": found[:MAX_CHANGES_SHOWN],
        "changed": len(found),
        "hidden": max(0, len(found) - MAX_CHANGES_SHOWN),
        "added": sum(1 for c in found if not c.old),
        "removed": sum(1 for c in found if not c.new),
    }
