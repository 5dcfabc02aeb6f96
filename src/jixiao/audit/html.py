"""A self-contained HTML view: the report's text with each finding highlighted in place.

Why in place: a reviewer reads the evidence in its context, not in a table of offsets.
Everything is escaped (the text comes from the public web), styles are inline, and there
are no scripts or external resources, so the file can be mailed or archived as is.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from jixiao.core.problems import sort_problems

if TYPE_CHECKING:
    from jixiao.audit.engine import AuditResult
    from jixiao.core.problems import Problem

__all__ = ["render_html"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:60em;line-height:1.7}
pre{white-space:pre-wrap;font-family:inherit;background:#fafafa;padding:1em;border:1px solid #ddd}
mark{padding:0 .1em;border-radius:2px} mark.error{background:#fbb} mark.warning{background:#fe9}
mark.info{background:#bdf} li{margin:.4em 0} .code{font-family:monospace;color:#555}
.sev-error{color:#b00} .sev-warning{color:#a60} .sev-info{color:#06a}
"""


def _marks(problems: list[Problem], length: int) -> list[tuple[int, int, str, int]]:
    """Non-overlapping spans (start, end, severity, finding number), first finding wins."""
    spans: list[tuple[int, int, str, int]] = []
    taken = bytearray(length + 1)
    for number, problem in enumerate(problems, 1):
        for loc in (problem.location, *problem.related):
            if loc.start is None or loc.end is None or loc.end <= loc.start or loc.end > length:
                continue
            if any(taken[loc.start : loc.end]):
                continue
            taken[loc.start : loc.end] = b"\x01" * (loc.end - loc.start)
            spans.append((loc.start, loc.end, problem.severity.value, number))
    return sorted(spans)


def render_html(result: AuditResult) -> str:
    """The whole page for one audited document."""
    problems = sort_problems(result.problems)
    text = result.document.text if result.document else ""
    body: list[str] = []
    pos = 0
    for start, end, severity, number in _marks(problems, len(text)):
        body.append(escape(text[pos:start]))
        body.append(
            f'<mark class="{severity}" id="m{number}" title="#{number}">'
            f'{escape(text[start:end])}</mark><sup><a href="#f{number}">{number}</a></sup>'
        )
        pos = end
    body.append(escape(text[pos:]))
    items = []
    for number, problem in enumerate(problems, 1):
        where = escape(problem.location.describe())
        items.append(
            f'<li id="f{number}"><a href="#m{number}">#{number}</a> '
            f'<span class="sev-{problem.severity.value}">{escape(problem.severity.label)}</span> '
            f'<span class="code">{escape(problem.code)}</span> {escape(problem.message)}'
            f"<br><small>{where}　提示：{escape(problem.hint)}</small></li>"
        )
    title = escape(result.source)
    findings = "".join(items) or "<li>未发现问题。</li>"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>核查结果：{title}</title><style>{_CSS}</style></head><body>"
        f"<h1>核查结果：{title}</h1><h2>发现的问题（{len(problems)}）</h2><ol>{findings}</ol>"
        f"<h2>报告原文</h2><pre>{''.join(body)}</pre></body></html>\n"
    )
