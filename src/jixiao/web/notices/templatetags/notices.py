"""`{% todo_panel %}`: the 待办 list on each role's landing page, without each view building it."""

from __future__ import annotations

from typing import Any

from django import template

from jixiao.web.notices.selectors import todos

register = template.Library()


@register.inclusion_tag("notices/_todo.html", takes_context=True)
def todo_panel(context: dict[str, Any]) -> dict[str, Any]:
    """The signed-in user's to-dos (empty for the public)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"todos": todos(user) if user is not None and user.is_authenticated else []}
