"""Template helpers for the submission pages: the section form's markup, tab counts, labels.

The form's inputs are written by `formhtml` (one call per tab, not one template include
per input); these tags hand it what the page's context says about the form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.urls import reverse

from jixiao.web.submissions.formhtml import FormMarkup, offers_html, project_score_rows

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.utils.safestring import SafeString

    from jixiao.web.submissions.formspec import Node

register = template.Library()


def _markup(context: template.Context) -> FormMarkup:
    """The page's form settings: who may edit, approved targets, sums, the add-row URL."""
    sub = context.get("sub")
    return FormMarkup(
        editable=bool(context.get("editable")),
        row_url=reverse("submissions:row", args=[sub.pk]) if sub is not None else "",
        locked=context.get("locked_targets") or frozenset(),
        adjusted_from=context.get("adjusted_from"),
        sums=context.get("sums"),
    )


@register.simple_tag(takes_context=True)
def form_nodes(context: template.Context, nodes: Iterable[Node]) -> SafeString:
    """The inputs of a tab: `{% form_nodes nodes %}`."""
    return _markup(context).nodes(nodes)


@register.simple_tag(takes_context=True)
def form_offers(context: template.Context, field_id: str, offers: Any) -> SafeString:
    """The live panel's copy of what the form offers beside an input (moved by edit.js)."""
    return offers_html(field_id, offers, editable=bool(context.get("editable")))


@register.simple_tag
def score_rows(scores: Iterable[Any]) -> SafeString:
    """The panel's 项目得分 rows: `{% score_rows project_scores %}`."""
    return project_score_rows(scores)


@register.filter
def count_for(counts: dict[str, int], key: str) -> int:
    """A tab's problem count (0 when it has none)."""
    return counts.get(key, 0)


@register.filter
def move_label(action: str) -> str:
    """A transition's action value as its Chinese label ("return" → 退回修改)."""
    from jixiao.web.submissions.workflow import MOVES

    return next((m.label for a, m in MOVES.items() if a.value == action), action)
