"""An Evaluation → its reports as bytes: refuse or draft, build, write Word/HTML/PDF.

The renderer never checks, scores or reads a rule file: it takes the evaluation the
pipeline made (so a report is refused for exactly the problems the panel shows) and the
report settings the rules reader loaded. Nothing is written to disk except the .docx
files LibreOffice must read to make a PDF; the caller decides where the bytes go.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.core.naming import slug
from jixiao.core.problems import Location, Problem, make
from jixiao.render.build import BuildOptions, build_documents
from jixiao.render.docx_writer import to_docx
from jixiao.render.html_writer import to_html
from jixiao.render.outline import TemplateFault
from jixiao.render.pdf import PdfError, to_pdf

if TYPE_CHECKING:
    from jixiao.core.evaluation import Evaluation
    from jixiao.render.document import Document

__all__ = ["FORMATS", "Rendered", "RenderedFile", "ReportOptions", "render_reports"]

FORMATS = ("docx", "html", "pdf")


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What to produce: formats, redacted (public) or internal copy, draft, region settings."""

    formats: tuple[str, ...] = ("docx", "html")
    redacted: bool = False
    draft: bool = False
    threshold: Decimal = Decimal(0)
    template_dirs: tuple[Path, ...] = ()
    stem: str = ""
    """File-name stem ("2022-益阳市司法局"); each file is `{stem}-{slug}.{format}`."""


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """One report file in memory."""

    name: str
    content: bytes
    slug: str = ""
    """Which report: "department", "project-01" …."""
    title: str = ""

    @property
    def suffix(self) -> str:
        """The format (docx, html or pdf)."""
        return self.name.rsplit(".", 1)[-1]


@dataclass
class Rendered:
    """The files of one rendering (department report first), its problems, and timings."""

    files: list[RenderedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def _file(options: ReportOptions, doc: Document, suffix: str, content: bytes) -> RenderedFile:
    parts = [
        slug(options.stem, "report") if options.stem else "",
        "public" if options.redacted else "",
        doc.slug,
    ]
    name = "-".join(p for p in parts if p) + f".{suffix}"
    return RenderedFile(name, content, doc.slug, doc.title)


def _pdfs(docx: list[RenderedFile]) -> list[RenderedFile]:
    """PDF bytes through LibreOffice, which reads and writes files: a private folder each time."""
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        folder = Path(tmp)
        paths = []
        for item in docx:
            path = folder / item.name
            path.write_bytes(item.content)
            paths.append(path)
        pdfs = to_pdf(paths, folder)
        return [
            RenderedFile(p.name, p.read_bytes(), item.slug, item.title)
            for p, item in zip(pdfs, docx, strict=True)
        ]


def render_reports(evaluation: Evaluation, options: ReportOptions) -> Rendered:
    """The reports of an evaluation, or the problems that refuse them (see module docstring)."""
    where = Location(file=evaluation.source)
    result = Rendered(problems=list(evaluation.problems))
    sub = evaluation.submission
    if sub is None:
        result.refused = True
        return result
    errors = evaluation.errors
    if errors and not options.draft:
        result.problems.insert(0, make("render.refused", where, count=errors))
        result.refused = True
        return result
    appendix = list(evaluation.problems) if errors else []
    if errors:
        result.problems.insert(0, make("render.draft", where, count=errors))
    start = time.perf_counter()
    build = BuildOptions(options.redacted, errors > 0, options.threshold, options.template_dirs)
    try:
        docs = build_documents(sub, evaluation.scores, appendix, build)
    except TemplateFault as exc:
        fault = make("render.template-error", where, template=exc.template, reason=exc.reason)
        result.problems.insert(0, fault)
        result.refused = True
        return result
    result.timings["build"] = time.perf_counter() - start
    start = time.perf_counter()
    wanted = set(options.formats)
    needs_docx = bool(wanted & {"docx", "pdf"})
    docx = [_file(options, d, "docx", to_docx(d)) for d in docs] if needs_docx else []
    if "html" in wanted:
        result.files += [_file(options, d, "html", to_html(d).encode()) for d in docs]
    if "docx" in wanted:
        result.files += docx
    result.timings["write"] = time.perf_counter() - start
    if "pdf" in wanted:
        start = time.perf_counter()
        try:
            result.files += _pdfs(docx)
        except PdfError as exc:
            result.problems.append(make("render.pdf-unavailable", where, reason=str(exc)))
        result.timings["pdf"] = time.perf_counter() - start
    return result
