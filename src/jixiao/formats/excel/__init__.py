"""Excel in and out: the fill-in template, export of a submission, import with sheet!cell.

Department finance staff work in Excel and WPS; this package is their way in. The
layout (`layout.py`) is the one description of sheets and columns that the template,
the export and the import share. See docs.md here and docs/excel.md for users.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.formats.excel.checks import TemplateChecks
from jixiao.formats.excel.importer import Imported, import_workbook

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from jixiao.core.model import Submission

__all__ = ["Imported", "TemplateChecks", "export_submission", "import_workbook", "write_template"]


def export_submission(
    submission: Submission,
    path: Path,
    classes: Mapping[str, str],
    checks: TemplateChecks | None = None,
) -> None:
    """Write a submission into the template so next year can start from this year."""
    from jixiao.formats.excel.template import render, save
    from jixiao.formats.excel.writer import submission_content
    from jixiao.formats.source import collector_paused

    with collector_paused():
        save(render(submission_content(submission, classes), classes, checks=checks), path)


def write_template(
    path: Path,
    classes: Mapping[str, str],
    *,
    year: int | None = None,
    unit: str = "",
    framework_note: str = "",
    checks: TemplateChecks | None = None,
) -> None:
    """Write the empty fill-in template (year and unit pre-filled when given).

    `checks` (the profile's identities and tolerance) become its live check cells.
    """
    from jixiao.formats.excel.template import render, save
    from jixiao.formats.excel.writer import blank_content

    save(render(blank_content(year, unit, classes), classes, framework_note, checks), path)
