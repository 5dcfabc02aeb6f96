"""Reports of a stored submission: the library's renderer, run on a temporary file.

`jixiao report` renders files; the web app holds data in the database. Writing the data
to a temporary JSON file and calling the same `render_file` keeps one rendering path, so a
downloaded report is byte-for-byte what the CLI makes from the exported data.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.render.service import ReportRequest, render_file

if TYPE_CHECKING:
    from jixiao.core.problems import Problem
    from jixiao.web.submissions.models import Submission

FORMATS = ("docx", "html", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass
class RenderedFile:
    """One written report."""

    name: str
    content: bytes

    @property
    def suffix(self) -> str:
        """The format (docx, html or pdf)."""
        return self.name.rsplit(".", 1)[-1]


@dataclass
class Rendered:
    """All files of one rendering, or the problems that refused it."""

    files: list[RenderedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False


def file_stem(sub: Submission) -> str:
    """A file-name stem like "2022-益阳市司法局" with unsafe characters removed."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "", sub.unit.name) or f"unit{sub.unit_id}"
    return f"{sub.fiscal_year}-{safe}"


def render_submission(
    sub: Submission, formats: tuple[str, ...], *, public: bool = False, draft: bool = False
) -> Rendered:
    """Render the reports of `sub` (refused with problems when it has errors, unless draft)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-render-") as tmp:
        source = Path(tmp) / f"{file_stem(sub)}.json"
        source.write_text(json.dumps(sub.data, ensure_ascii=False), encoding="utf-8")
        outdir = Path(tmp) / "out"
        result = render_file(
            source, ReportRequest(outdir, formats=formats, public=public, draft=draft)
        )
        files = [RenderedFile(p.name, p.read_bytes()) for p in sorted(result.written)]
    return Rendered(files, result.problems, result.refused)


def zip_files(files: list[RenderedFile]) -> bytes:
    """Several rendered files as one zip (a submission's documents, or a region's part)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.content)
    return buffer.getvalue()
