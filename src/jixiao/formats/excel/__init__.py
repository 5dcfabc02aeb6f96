"""Excel in and out: the fill-in templates, export of a submission, import with sheet!cell.

Department finance staff work in Excel and WPS; this package is their way in. The
layout (`layout.py`) is the one description of sheets and columns that the template,
the export and the import share; the 绩效目标申报表 is a second layout of the same
code (`target_layout.py`, `targets.py`). See docs.md here and docs/excel.md for users.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.formats.excel.checks import TemplateChecks
from jixiao.formats.excel.importer import Imported, import_workbook
from jixiao.formats.excel.targets import TargetsImported, import_targets, write_targets

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from jixiao.core.model import Submission

__all__ = [
    "Imported",
    "TargetsImported",
    "TemplateChecks",
    "export_submission",
    "import_targets",
    "import_workbook",
    "write_targets",
    "write_template",
]


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
