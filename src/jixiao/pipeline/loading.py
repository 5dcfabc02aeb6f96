"""load(source) → Loaded: a submission (possibly partial) and the problems of reading it.

A source is a YAML/JSON file, an Excel workbook, or a data tree already in memory (what
the web app stores and the API receives). Whatever it is, the result says how to point a
later problem back at it (file:line for a file, sheet!cell for a workbook), so checks and
scores are located the same way as the reader's own problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.core.validation import build_submission
from jixiao.formats.submission_file import load_submission

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jixiao.core.model import Submission
    from jixiao.core.problems import Problem

__all__ = ["EXCEL_SUFFIXES", "Loaded", "load"]

EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et"})
"""Read as a workbook when not told otherwise (.xls and WPS .et get a clear refusal)."""


def _as_is(problem: Problem) -> Problem:
    return problem


@dataclass(frozen=True)
class Loaded:
    """What was read: the model (None when it cannot be built) and every reading problem."""

    submission: Submission | None
    problems: list[Problem] = field(default_factory=list)
    source: str | None = None
    """The input's name for messages (a file name, "api" …)."""
    locator: Callable[[Problem], Problem] = _as_is

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """Point later problems (checks, scores) at this source's file:line or sheet!cell."""
        return [self.locator(p) for p in problems]


def _workbook(path: Path, max_cells: int | None) -> Loaded:
    from jixiao.formats.excel import import_workbook

    imported = import_workbook(path, max_cells=max_cells)
    return Loaded(imported.submission, imported.problems, str(path), imported.locate)


def _file(path: Path) -> Loaded:
    loaded = load_submission(path)
    return Loaded(
        loaded.submission,
        loaded.problems,
        str(path),
        lambda p: loaded.locate([p])[0],
    )


def load(
    source: Path | Any,
    *,
    name: str | None = None,
    workbook: bool | None = None,
    max_cells: int | None = None,
) -> Loaded:
    """Read a file or validate a data tree; never raises on bad data.

    A file is a workbook when `workbook` says so, or else by its suffix (EXCEL_SUFFIXES);
    any other file is YAML or JSON. `name` replaces the file name in messages.
    `max_cells` caps a workbook's value cells before it is read (`excel.safety.inspect`):
    the web app passes its unit cap, the command line none (the safety pass's own bounds).

    Raises:
        UnreadableError: a file that cannot be read or parsed at all.
    """
    if isinstance(source, Path):
        if workbook is None:
            workbook = source.suffix.lower() in EXCEL_SUFFIXES
        loaded = _workbook(source, max_cells) if workbook else _file(source)
        return (
            loaded
            if name is None
            else Loaded(loaded.submission, loaded.problems, name, loaded.locator)
        )
    submission, problems = build_submission(source)
    return Loaded(submission, problems, name)
