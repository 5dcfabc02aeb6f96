"""Template helpers for the section forms: what kind of node this is, how to lay it out.

The form nodes are plain dataclasses from `formspec`; templates cannot test a class, so
these filters name it. Kept tiny: the layout decisions are in `panel.is_flat`.
"""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.submissions.formspec import Group, InputField, ListNode
from jixiao.web.submissions.panel import is_flat

register = template.Library()

NUMERIC = frozenset({"money", "decimal", "integer"})


@register.filter
def node_kind(node: Any) -> str:
    """The node type for the recursive template: "field", "group" or "list"."""
    if isinstance(node, ListNode):
        return "list"
    if isinstance(node, Group):
        return "group"
    return "field" if isinstance(node, InputField) else ""


@register.filter
def flat_list(node: ListNode) -> bool:
    """Whether the list is shown as a table (its rows hold only plain fields)."""
    return is_flat(node.item)


@register.filter
def columns(node: ListNode) -> tuple[Any, ...]:
    """The header cells of a table list: the template row's fields."""
    item = node.item
    return (item,) if isinstance(item, InputField) else item.children


@register.filter
def cells(row: Group | InputField) -> tuple[Any, ...]:
    """The inputs of one table row."""
    return (row,) if isinstance(row, InputField) else row.children


@register.filter
def is_numeric(field: InputField) -> bool:
    """Money, decimal and integer inputs: right-aligned (`input.num`)."""
    return field.kind in NUMERIC


@register.filter
def count_for(counts: dict[str, int], key: str) -> int:
    """A tab's problem count (0 when it has none)."""
    return counts.get(key, 0)


@register.filter
def move_label(action: str) -> str:
    """A transition's action value as its Chinese label ("return" → 退回修改)."""
    from jixiao.web.submissions.workflow import MOVES

    return next((m.label for a, m in MOVES.items() if a.value == action), action)


@register.filter
def offers_for(sums: dict[str, Any] | None, path: str) -> Any:
    """What the form offers for an input (sums, computed score); None when nothing."""
    return None if not sums else sums.get(path)


@register.filter
def is_class_code(field: InputField) -> bool:
    """The code input of a 支出经济分类 line: it gets the code list and fills the name."""
    return field.path.endswith(".code") and ".by_economic_class[" in field.path


@register.filter
def original_target(originals: dict[str, str] | None, name: str) -> str:
    """The approved original of an adjusted target input ("" when not adjusted)."""
    return (originals or {}).get(name, "")


@register.filter
def holds_locked(row: Any, locked: Any) -> bool:
    """Whether a row holds an input of an approved (locked) target: it cannot be deleted.

    Pages without the set (a new row's fragment) pass nothing: no row is locked there.
    """
    if not isinstance(locked, (set, frozenset)) or not locked:
        return False
    stack = [row]
    while stack:
        node = stack.pop()
        if isinstance(node, InputField):
            if node.name in locked:
                return True
        elif isinstance(node, ListNode):
            stack.extend(node.items)
        else:
            stack.extend(getattr(node, "children", ()))
    return False
