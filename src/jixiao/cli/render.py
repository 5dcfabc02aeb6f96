"""Rendering of problems for the terminal and as JSON, shared by every command.

Text and JSON both come from `problems.problem_to_dict`, so they cannot disagree.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from jixiao.core.problems import Problem, Severity, problems_to_dict, sort_problems

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
MAX_PRINTED = 500
"""Problems printed per severity: a terminal line costs ~2 ms, so 32,000 took minutes;
the counts and --json keep all of them."""

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}


def console() -> Console:
    """A console that writes plain text when not attached to a terminal."""
    return Console(highlight=False, soft_wrap=True)


def exit_code(problems: Iterable[Problem], unreadable: bool = False) -> int:
    """0 clean (warnings allowed), 1 any error, 2 input could not be read."""
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_PROBLEMS if any(p.severity is Severity.ERROR for p in problems) else EXIT_CLEAN


def print_problems(out: Console, problems: Sequence[Problem], source: str | None = None) -> None:
    """Problems grouped by severity: code and location on one line, message and hint below."""
    ordered = sort_problems(problems)
    if source:
        out.print(f"[bold]{escape(source)}[/bold]")
    if not ordered:
        out.print("  [green]未发现问题。[/green]")
        return
    for severity in Severity:
        group = [p for p in ordered if p.severity is severity]
        if not group:
            continue
        style = _STYLE[severity]
        # One print per severity, not three per problem: each `Console.print` costs
        # ~0.15 ms of set-up, 0.22 s for the 1,500 lines of a group printed in full.
        lines = [f"[{style}]{severity.label}（{len(group)}）[/{style}]"]
        for problem in group[:MAX_PRINTED]:
            where = problem.location.describe()
            lines.append(
                f"  [{style}]{_MARK[severity]}[/{style}] [bold]{problem.code}[/bold]  {escape(where)}"
            )
            lines.append(f"    {escape(problem.message)}")
            if problem.hint:
                lines.append(f"    [dim]提示：{escape(problem.hint)}[/dim]")
        if len(group) > MAX_PRINTED:
            rest = len(group) - MAX_PRINTED
            lines.append(
                f"  [{style}]……另有 {rest} 项{severity.label}未列出（完整清单请加 --json）[/{style}]"
            )
        out.print("\n".join(lines))


def summary_line(problems: Sequence[Problem]) -> str:
    """One line: counts per severity, in Chinese."""
    counts = {s: sum(1 for p in problems if p.severity is s) for s in Severity}
    return "，".join(f"{s.label} {counts[s]} 项" for s in Severity)


def emit_json(documents: list[dict[str, Any]]) -> None:
    """Write one JSON document for one input, or a list for several, to stdout."""
    body: Any = documents[0] if len(documents) == 1 else documents
    sys.stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def json_document(problems: Sequence[Problem], source: str | None, **extra: Any) -> dict[str, Any]:
    """The per-input JSON document (problems + counts + anything command-specific)."""
    return problems_to_dict(problems, source=source, extra=extra or None)
