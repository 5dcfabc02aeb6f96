"""Reading the loop's input files (target sets, rounds, re-reviews …) for the commands.

One helper so every loop command refuses bad input the same way: problems with file:line
and a field path printed in Chinese, exit code 2, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import typer

from jixiao.cli.render import EXIT_UNREADABLE, console, print_problems

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pydantic import BaseModel

    from jixiao.core.loop_rules import LoopRules
    from jixiao.core.problems import Problem
    from jixiao.formats.source import ReadResult

M = TypeVar("M", bound="BaseModel")


def read_or_exit(path: Path) -> ReadResult:
    """A YAML/JSON file's data and line map; unreadable input prints its problems and exits 2."""
    from jixiao.core.problems import UnreadableError
    from jixiao.formats.source import read_data

    try:
        result = read_data(path)
    except UnreadableError as exc:
        print_problems(console(), exc.problems, str(path))
        raise typer.Exit(EXIT_UNREADABLE) from None
    if result.problems:
        print_problems(console(), result.problems, str(path))
        raise typer.Exit(EXIT_UNREADABLE)
    return result


def model_or_exit(model: type[M], path: Path) -> tuple[M, Callable[[list[Problem]], list[Problem]]]:
    """A model from a file, and a function giving problems their file:line; bad input exits 2."""
    from jixiao.core.validation import locate, validate_model

    result = read_or_exit(path)

    def located(problems: list[Problem]) -> list[Problem]:
        return [locate(p, result.lines, str(path)) for p in problems]

    value, problems = validate_model(model, result.data)
    if value is None:
        print_problems(console(), located(problems), str(path))
        raise typer.Exit(EXIT_UNREADABLE)
    return value, located


def rules_or_exit(name: str) -> LoopRules:
    """The loop rules by id or file; a broken rule file prints its problems and exits 2."""
    from jixiao.core.problems import UnreadableError
    from jixiao.rules.loop import load_loop_rules

    try:
        return load_loop_rules(name)
    except UnreadableError as exc:
        print_problems(console(), exc.problems, name)
        raise typer.Exit(EXIT_UNREADABLE) from None


def fail(message: str) -> typer.Exit:
    """Print a Chinese message about unusable input and return the exit-2 to raise."""
    console().print(f"[bold red]✗[/bold red] {message}", markup=True)
    return typer.Exit(EXIT_UNREADABLE)
