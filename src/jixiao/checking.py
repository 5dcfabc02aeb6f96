"""Check a submission file end to end: load, validate, run the checks, locate.

This is the library function behind `jixiao check`, the web app's problem panel and the
Excel importer's final step; surfaces only render what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jixiao.core.checks import CheckOptions, run_checks
from jixiao.core.problems import Problem, sort_problems
from jixiao.formats.submission_file import load_submission

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.core.model import Submission

__all__ = ["FileReport", "check_file", "check_submission"]


@dataclass
class FileReport:
    """The outcome for one input file."""

    path: Path
    submission: Submission | None
    problems: list[Problem] = field(default_factory=list)


def check_submission(submission: Submission, options: CheckOptions) -> list[Problem]:
    """All check problems for an already-built submission, sorted."""
    return sort_problems(run_checks(submission, options))


def check_file(path: Path, options: CheckOptions) -> FileReport:
    """Load and check one file. Raises `UnreadableError` only when it cannot be parsed."""
    loaded = load_submission(path)
    problems = list(loaded.problems)
    if loaded.submission is not None:
        problems += loaded.locate(run_checks(loaded.submission, options))
    return FileReport(path, loaded.submission, sort_problems(problems))
