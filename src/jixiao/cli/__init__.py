"""The `jixiao` command line: thin commands over the library.

Each command module registers itself on `app`; heavy libraries are imported inside the
command functions so `jixiao --help` and small commands start fast.
Exit codes everywhere: 0 clean, 1 problems with severity error, 2 unreadable input.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="jixiao",
    help="预算绩效自评：检查、计分、报告、核查。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """预算绩效自评：检查、计分、报告、核查。"""


# Command modules register their commands on `app` when imported.
from jixiao.cli import commands  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()
