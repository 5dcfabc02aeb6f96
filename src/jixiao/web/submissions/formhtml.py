"""The HTML of the section forms: inputs, groups, lists and rows, written in Python.

A tab of a large unit holds thousands of inputs; rendering each through a template
`{% include %}` (one per input, one per row, one per group) cost a fresh context and a
node walk per input and made the 项目支出 tab of a few hundred projects take seconds.
The markup is small and fixed, so it is written here once, every value escaped by
Django's own `conditional_escape`; the edit page, the "添加一行" fragment and the live
panel's sums reach it through the `submission_forms` tags. The markup is what the page's
script and the tests read (ids from `input_id(path)`, `data-row`, `calc-<id>`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.defaultfilters import urlencode
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.submissions.formspec import Group, InputField, ListNode
from jixiao.web.submissions.panel import is_flat

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from jixiao.web.submissions.formspec import Node
    from jixiao.web.submissions.sums import Suggestion

__all__ = [
    "NUMERIC",
    "FormMarkup",
    "holds_locked",
    "is_class_code",
    "offers_html",
    "project_score_rows",
]

NUMERIC = frozenset({"money", "decimal", "integer"})
"""Input kinds shown right-aligned with a decimal keyboard (`input.num`)."""

_LOCKED_ROW = '<span class="muted" title="目标已批复，不能删除">—</span>'
_REMOVE_ROW = (
    '<button type="button" class="btn btn-small btn-danger" data-remove-row title="删除本行">'
    "删除</button>"
)
_REMOVE_ITEM = (
    '<button type="button" class="btn btn-small btn-danger remove-item" data-remove-row>'
    "删除此项</button>"
)


def _e(value: Any) -> str:
    """A value as the template engine prints it: localised, then escaped.

    A plain `str` (most values: ids, names, labels, typed text) takes `html.escape`
    directly, which is what `conditional_escape` returns for it (Django's `escape` is
    `html.escape` of the text, marked safe) without its lazy-text and `__html__` checks:
    a 50-row page calls this some 23,000 times, and it was two thirds of writing the form.
    """
    if type(value) is str:
        return html.escape(value)
    return str(conditional_escape(value if isinstance(value, str) else localize(value)))


def is_class_code(field: InputField) -> bool:
    """The code input of a 支出经济分类 line: it gets the code list and fills the name."""
    return field.path.endswith(".code") and ".by_economic_class[" in field.path


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


def offers_html(field_id: str, offers: Iterable[Suggestion], *, editable: bool) -> SafeString:
    """What the form offers for one input: a sum of its parts, the computed score or grade.

    The live panel carries a copy of each page input's offers in one hidden block, which
    the page's script moves beside the inputs in one pass. Not htmx's out-of-band swaps:
    htmx swaps each of those on its own, with its events and a layout, and the ~600 of a
    50-project page held Chromium's main thread for ~9 s after every preview.
    """
    out = [f'<small class="calc" id="calc-{_e(field_id)}">']
    for o in offers:
        out.append('<span class="calc-item">')
        if o.agrees:
            out.append(f'<span class="ok">✓ {_e(o.agreeing)}</span>')
        else:
            out.append(f'{_e(o.label)}：<strong class="num">{_e(o.value)}</strong>')
            if editable:
                out.append(
                    ' <button type="button" class="btn btn-small calc-take" '
                    f'data-fill="{_e(o.target)}" data-value="{_e(o.value)}">采用</button>'
                )
        out.append("</span>")
    out.append("</small>\n")
    return mark_safe("".join(out))


def project_score_rows(scores: Iterable[Mapping[str, Any]]) -> SafeString:
    """The panel's 项目得分 table body: one row per project, as its template loop wrote it.

    Written here for the reason the form is: 2,000 projects through the template's
    `{% for %}` were ten variable nodes each, about a third of drawing the edit page.
    """
    out = []
    for s in scores:
        out.append(
            f'\n          <tr><td>{_e(s["subject"])}</td><td class="num">{_e(s["total"])}</td>'
            f'<td><span class="grade-{_e(s["grade"])}">{_e(s["grade"])}</span></td>'
            f'<td class="num">{_e(len(s["deductions"]))}</td></tr>\n        '
        )
    return mark_safe("".join(out))


@dataclass(frozen=True)
class FormMarkup:
    """What the markup of one page depends on besides the nodes.

    `locked` names the inputs of approved targets (read-only, rows not deletable),
    `adjusted_from` their originals where an adjustment changed them, `sums` what the form
    offers beside an input, `row_url` the "添加一行" address of this submission.
    """

    editable: bool
    row_url: str
    locked: Collection[str] = frozenset()
    adjusted_from: Mapping[str, str] | None = None
    sums: Mapping[str, Any] | None = None

    def nodes(self, nodes: Iterable[Node]) -> SafeString:
        """The inputs of a tab (or of any subtree), in order."""
        out: list[str] = []
        for node in nodes:
            self._node(node, out)
        return mark_safe("".join(out))

    def row(self, item: Group | InputField) -> SafeString:
        """One list row, laid out as its list lays it out (table row or fieldset)."""
        out: list[str] = []
        self._row(item, is_flat(item), out)
        return mark_safe("".join(out))

    def _node(self, node: Node, out: list[str]) -> None:
        if isinstance(node, ListNode):
            self._list(node, out)
        elif isinstance(node, Group):
            out.append(
                f'<fieldset class="group" id="{_e(node.id)}" tabindex="-1">'
                f'<legend>{_e(node.label)}</legend><div class="fields">'
            )
            for child in node.children:
                self._node(child, out)
            out.append("</div></fieldset>")
        elif isinstance(node, InputField):
            wide = " wide" if node.kind == "textarea" else ""
            check = " check" if node.kind == "bool" else ""
            out.append(f'<div class="field{wide}{check}">')
            self._field(node, out, bare=False)
            out.append("</div>")
        out.append("\n")

    def _list(self, node: ListNode, out: list[str]) -> None:
        list_id = _e(node.id)
        count = _e(node.size)
        out.append(
            f'<div class="list" id="{list_id}" tabindex="-1">\n'
            f'  <div class="list-head"><strong>{_e(node.label)}</strong> '
            f'<span class="muted small">{count}项</span></div>\n  '
        )
        if is_flat(node.item):
            out.append(
                '\n  <div class="table-scroll"><table class="grid list-table">\n    <thead><tr>'
            )
            columns = (node.item,) if isinstance(node.item, InputField) else node.item.children
            for c in columns:
                num = ' class="num"' if getattr(c, "kind", None) in NUMERIC else ""
                req = ' <span class="req">*</span>' if getattr(c, "required", False) else ""
                out.append(f"<th{num}>{_e(c.label)}{req}</th>")
            if self.editable:
                out.append('<th class="narrow-col"></th>')
            out.append(f'</tr></thead>\n    <tbody id="{list_id}-rows">')
            for item in node.items:
                self._row(item, True, out)
            out.append("</tbody>\n  </table></div>\n  ")
        else:
            out.append(f'\n  <div id="{list_id}-rows" class="list-rows">')
            for item in node.items:
                self._row(item, False, out)
            out.append("</div>\n  ")
        out.append("\n  ")
        if self.editable:
            query = _e(urlencode(node.path))
            out.append(
                '<button type="button" class="btn btn-small add-row" '
                f'hx-get="{_e(self.row_url)}?list={query}" hx-target="#{list_id}-rows" '
                f'hx-swap="beforeend" data-next-index="{count}">＋ 添加一行</button>'
            )
        out.append("\n</div>\n")

    def _row(self, item: Group | InputField, flat: bool, out: list[str]) -> None:
        if flat:
            anchor = f' id="{_e(item.id)}" tabindex="-1"' if isinstance(item, Group) else ""
            out.append(f"<tr data-row{anchor}>")
            for c in (item,) if isinstance(item, InputField) else item.children:
                out.append("<td>")
                if isinstance(c, InputField):
                    self._field(c, out, bare=True)
                out.append("</td>")
            if self.editable:
                remove = _LOCKED_ROW if holds_locked(item, self.locked) else _REMOVE_ROW
                out.append(f"<td>{remove}</td>")
            out.append("</tr>")
        else:
            out.append(
                f'<fieldset class="group list-item" id="{_e(item.id)}" tabindex="-1" data-row>\n'
                f"  <legend>{_e(item.label)}</legend>\n  "
            )
            if self.editable and not holds_locked(item, self.locked):
                out.append(_REMOVE_ITEM)
            out.append('\n  <div class="fields">')
            for child in getattr(item, "children", ()):
                self._node(child, out)
            out.append("</div>\n</fieldset>")
        out.append("\n")

    def _field(self, field: InputField, out: list[str], *, bare: bool) -> None:
        fid, name, label = _e(field.id), _e(field.name), _e(field.label)
        editable = self.editable
        disabled = "" if editable else " disabled"
        if not bare:
            req = ' <span class="req" title="必填">*</span>' if field.required else ""
            out.append(f'<label for="{fid}">{label}{req}</label>')
        if field.kind == "textarea":
            out.append(
                f'<textarea id="{fid}" name="{name}" maxlength="20000" aria-label="{label}"'
                f"{disabled}>{_e(field.value)}</textarea>"
            )
        elif field.kind == "bool":
            checked = " checked" if field.value else ""
            out.append(
                f'<input type="checkbox" id="{fid}" name="{name}" value="true" '
                f'aria-label="{label}"{checked}{disabled}>'
            )
        elif field.kind == "choice":
            self._choice(field, fid, name, label, disabled, out)
        else:
            self._text(field, fid, name, label, out)
        if field.help and not bare and (editable or not field.locked):
            out.append(f'<small class="help">{_e(field.help)}</small>')
        offers = self.sums.get(field.path) if self.sums else None
        if offers is not None:
            out.append(offers_html(field.id, offers, editable=editable))
        out.append("\n")

    @staticmethod
    def _choice(
        field: InputField, fid: str, name: str, label: str, disabled: str, out: list[str]
    ) -> None:
        out.append(
            f'<select id="{fid}" name="{name}" aria-label="{label}"{disabled}>'
            '<option value="">—</option>'
        )
        for c in field.choices:
            selected = " selected" if c == field.value else ""
            out.append(f'<option value="{_e(c)}"{selected}>{_e(c)}</option>')
        if field.value and field.value not in field.choices:
            value = _e(field.value)
            out.append(f'<option value="{value}" selected>{value}</option>')
        out.append("</select>")

    def _text(self, field: InputField, fid: str, name: str, label: str, out: list[str]) -> None:
        locked_target = field.name in self.locked
        attrs = [
            f'<input type="text" id="{fid}" name="{name}" value="{_e(field.value)}" '
            f'maxlength="20000" aria-label="{label}"'
        ]
        if field.kind in NUMERIC:
            attrs.append(' class="num" inputmode="decimal"')
        if is_class_code(field):
            attrs.append(' list="economic-codes" data-class-code')
        if not self.editable:
            attrs.append(" disabled")
        elif locked_target:
            attrs.append(
                ' readonly aria-readonly="true" class="locked-target" '
                f'aria-describedby="{fid}-locked"'
            )
        elif field.locked:
            attrs.append(" readonly")
        if not self.editable and field.locked:
            attrs.append(" readonly")
        attrs.append(">")
        out.extend(attrs)
        if self.editable and locked_target:
            original = (self.adjusted_from or {}).get(field.name, "")
            note = (
                f"已批准调整（原目标：{_e(original)}），不可在自评中修改"
                if original
                else "目标已批复，不可在自评中修改"
            )
            out.append(f'<small class="help locked-target-note" id="{fid}-locked">{note}</small>')
