"""Reports of a stored submission: the pipeline's `render` on the evaluation the page shows.

The report is made from `evaluation_of(sub)` — the same evaluation, under the same
profile, as the problem panel — so a report is refused for exactly the problems the unit
sees. Everything stays in memory: no temporary data file, no temporary path in a report.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from jixiao.core.naming import slug
from jixiao.pipeline import FORMATS, Rendered, RenderedFile, render
from jixiao.web.submissions.selectors import evaluation_of

if TYPE_CHECKING:
    from jixiao.web.submissions.models import Submission

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Rendered",
    "RenderedFile",
    "file_stem",
    "render_submission",
    "zip_files",
]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


def file_stem(sub: Submission) -> str:
    """A file-name stem like "2022-益阳市司法局" (`core.naming.slug` of the unit's name)."""
    return f"{sub.fiscal_year}-{slug(sub.unit.name, f'unit{sub.unit_id}')}"


def render_submission(
    sub: Submission, formats: tuple[str, ...], *, redacted: bool = False, draft: bool = False
) -> Rendered:
    """Render the reports of `sub` (refused with problems when it has errors, unless draft)."""
    return render(evaluation_of(sub), formats, redacted=redacted, draft=draft, stem=file_stem(sub))


def zip_files(files: list[RenderedFile]) -> bytes:
    """Several rendered files as one zip (a submission's documents, or a region's part)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.content)
    return buffer.getvalue()
