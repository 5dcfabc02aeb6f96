"""Jinja2 outlines → blocks: the line syntax a region's template is written in.

Why a line syntax and not HTML: the same outline feeds Word and HTML, and a region's
finance bureau should be able to reorder headings without knowing either format.
A line is "# " (level-1 heading), "## " (level-2), "::name arg" (a table, chart, note or
page break the builder supplies) or a paragraph. Template problems raise `TemplateFault`.

Text from the data is data, never markup: every `{{ … }}` value passes `_data` (Jinja's
finalize), which folds its line breaks into spaces — so it cannot start a line of its
own — and brackets it with two private-use marks. A line that begins with a mark began
with a value, and is a paragraph whatever the value says ("# 伪造标题", "::table x");
the marks are removed before any block is made. Markup must be literal in the template.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from jixiao.core.money import fmt_money, fmt_number
from jixiao.render.document import Heading, Note, PageBreak, Paragraph

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from decimal import Decimal

    from jixiao.render.document import Block

__all__ = ["TemplateFault", "environment", "render_outline"]

BUILTIN = Path(__file__).parent / "templates"
_SPACE = re.compile(r"\s+")
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKS = str.maketrans("", "", _OPEN + _CLOSE)
_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


class TemplateFault(Exception):
    """A region's template is missing or broken; carries the template name and reason."""

    def __init__(self, template: str, reason: str) -> None:
        super().__init__(f"{template}: {reason}")
        self.template = template
        self.reason = reason


def _money(value: Decimal | None) -> str:
    return "—" if value is None else fmt_money(value)


def _num(value: Decimal | None) -> str:
    return "—" if value is None else fmt_number(value)


def _data(value: object) -> str:
    """A value as it enters the outline: one line, marked as data (see the docstring)."""
    text = "" if value is None else str(value)
    return _OPEN + _BREAK.sub(" ", text.translate(_MARKS)) + _CLOSE


def _oneline(value: object) -> str:
    # Free text is one paragraph (its line breaks fold into spaces).
    return _SPACE.sub(" ", str(value or "")).strip()


def _text(value: object) -> str:
    # An empty narrative section says so instead of leaving a bare heading.
    return _oneline(value) or "（单位未填写本部分内容。）"


def _clause(value: object) -> str:
    # A reason quoted inside parentheses must not end the sentence early ("……。）。").
    return _oneline(value).rstrip("。；;.，, ")


def environment(template_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """Templates from the region's directories first, then the built-in ones.

    One environment per directory list per process, so each template is compiled once;
    Jinja2's auto_reload still picks up a template edited on disk (by its mtime).
    """
    return _environment(tuple(template_dirs))


@lru_cache(maxsize=16)
def _environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*map(str, template_dirs), str(BUILTIN)]),
        autoescape=False,  # the output is plain text; each writer escapes for its format
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_data,
    )
    env.filters.update(
        money=_money, pct=_money, num=_num, oneline=_oneline, text=_text, clause=_clause
    )
    return env


def render_outline(
    env: jinja2.Environment,
    name: str,
    context: dict[str, Any],
    directive: Callable[[str, str], list[Block]],
) -> list[Block]:
    """Render the outline `name` and turn its lines into blocks."""
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateFault(name, f"找不到模板 {exc.name}") from None
    except jinja2.TemplateError as exc:
        raise TemplateFault(name, str(exc)) from None
    blocks: list[Block] = []
    for raw in text.splitlines():
        marked = raw.strip()
        line = marked.translate(_MARKS).strip()
        if not line:
            continue
        if marked.startswith(_OPEN):
            blocks.append(Paragraph(line))  # begins with data: never a heading or directive
        elif line.startswith("::"):
            word, _, arg = line[2:].partition(" ")
            if word == "note":
                blocks.append(Note(arg.strip()))
            elif word == "pagebreak":
                blocks.append(PageBreak())
            else:
                blocks += directive(word, arg.strip())
        elif line.startswith("#"):
            marks = len(line) - len(line.lstrip("#"))
            blocks.append(Heading(min(marks, 3), line[marks:].strip()))
        else:
            blocks.append(Paragraph(line[1:] if line.startswith("\\") else line))
    return blocks
