"""Rendering of problems for the terminal and as JSON, shared by every command.

Text and JSON both come from `problems.problem_to_dict`, so they cannot disagree.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from jixiao.core.problems import Problem, Severity, problems_to_dict, sort_problems

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

EXIT_CLEAN = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def console() -> Console:
    """A console that writes plain text when not attached to a terminal."""
    return Console(highlight=False, soft_wrap=True)


def exit_code(problems: Iterable[Problem], unreadable: bool = False) -> int:
    """0 clean (warnings allowed), 1 any error, 2 input could not be read."""
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_PROBLEMS if any(p.severity is Severity.ERROR for p in problems) else EXIT_CLEAN


def print_problems(out: Console, problems: Sequence[Problem], source: str | None = None) -> None:
    """Problems grouped by severity, each with code, location, message and hint."""
    ordered = sort_problems(problems)
    if source:
        out.print(f"[bold]{source}[/bold]")
    if not ordered:
        out.print("  [green]未发现问题。[/green]")
        return
    for severity in Severity:
        group = [p for p in ordered if p.severity is severity]
        if not group:
            continue
        table = Table(
            title=f"{severity.label}（{len(group)}）",
            title_style=_STYLE[severity],
            title_justify="left",
            show_lines=False,
            expand=False,
        )
        table.add_column("代码", no_wrap=True)
        table.add_column("位置", overflow="fold")
        table.add_column("说明", overflow="fold")
        for problem in group:
            text = problem.message
            if problem.hint:
                text += f"\n[dim]提示：{problem.hint}[/dim]"
            table.add_row(problem.code, problem.location.describe(), text)
        out.print(table)


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
