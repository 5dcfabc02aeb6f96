"""Reports of a stored submission: the pipeline's `render` on the evaluation the page shows.

The report is made from `evaluation_of(sub)` — the same evaluation, under the same
profile, as the problem panel — so a report is refused for exactly the problems the unit
sees. Everything stays in memory: no temporary data file, no temporary path in a report.
"""

from __future__ import annotations

import dataclasses
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
    "report_file_name",
    "zip_files",
    "zip_name",
]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


FORMAT_LABELS = {"docx": "Word", "html": "网页", "pdf": "PDF"}
DEPARTMENT_REPORT = "部门整体支出绩效自评报告"


def file_stem(sub: Submission) -> str:
    """The start of every file name of a submission: 单位 + 年度 ("益阳市司法局2022年度").

    The unit's name goes through `core.naming.slug` (no separators or control marks).
    """
    return f"{slug(sub.unit.name, f'unit{sub.unit_id}')}{sub.fiscal_year}年度"


def report_file_name(
    sub: Submission, file: RenderedFile, *, redacted: bool = False, draft: bool = False
) -> str:
    """《单位+年度+报告名》: "益阳市司法局2022年度普法宣传经费项目支出绩效自评报告.docx".

    The report name is the document's own title without its year (a project's), or the
    department report's name; the public copy and a draft say so in the name.
    """
    if file.slug == "department" or not file.title:
        name = DEPARTMENT_REPORT
    else:
        name = file.title.removeprefix(f"{sub.fiscal_year}年度")
    marks = ("（公开版）" if redacted else "") + ("（草稿）" if draft else "")
    return f"{file_stem(sub)}{slug(name, 'report')}{marks}.{file.suffix}"


def zip_name(sub: Submission, fmt: str, *, draft: bool = False) -> str:
    """The zip of all of a submission's reports: "益阳市司法局2022年度自评报告（Word）.zip"."""
    label = FORMAT_LABELS.get(fmt, fmt)
    return f"{file_stem(sub)}自评报告（{label}）{'（草稿）' if draft else ''}.zip"


def render_submission(
    sub: Submission, formats: tuple[str, ...], *, redacted: bool = False, draft: bool = False
) -> Rendered:
    """Render the reports of `sub` (refused with problems when it has errors, unless draft).

    Files are named for people (`report_file_name`); pick one document by its `slug`.
    """
    rendered = render(
        evaluation_of(sub), formats, redacted=redacted, draft=draft, stem=file_stem(sub)
    )
    is_draft = draft and any(p.code == "render.draft" for p in rendered.problems)
    rendered.files = [
        dataclasses.replace(f, name=report_file_name(sub, f, redacted=redacted, draft=is_draft))
        for f in rendered.files
    ]
    return rendered


def zip_files(files: list[RenderedFile]) -> bytes:
    """Several rendered files as one zip (a submission's documents, or a region's part)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.content)
    return buffer.getvalue()
