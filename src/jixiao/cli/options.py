"""Options shared by several commands (profile selection, code filters)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from jixiao.cli.render import EXIT_UNREADABLE, console, print_problems

if TYPE_CHECKING:
    from jixiao.core.checks import CheckOptions

ProfileOption = Annotated[
    str,
    typer.Option("--profile", help="检查规则配置：内置编号（如 national-2020）或 YAML 文件路径"),
]


def split_codes(text: str) -> frozenset[str]:
    """Split a comma list: "a, b" → {"a", "b"}."""
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def load_profile_or_exit(profile: str, **overrides: Any) -> CheckOptions:
    """Load check options; a broken profile prints its problems and exits 2."""
    from jixiao.pipeline import UnreadableError
    from jixiao.rules.profiles import load_options

    try:
        return load_options(profile, **overrides)
    except UnreadableError as exc:
        print_problems(console(), exc.problems, profile)
        raise typer.Exit(EXIT_UNREADABLE) from None
