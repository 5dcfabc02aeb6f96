"""render(evaluation, formats, redacted=…, draft=…) → Rendered: report files as bytes.

Takes the evaluation the caller already has (never a path), so a report is refused for
exactly the problems the caller showed; reads the report rules through the rules reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.core.problems import UnreadableError
from jixiao.render import FORMATS, Rendered, RenderedFile, ReportOptions, render_reports
from jixiao.render.converter import start_warm as start_converter
from jixiao.render.converter import state as converter_state
from jixiao.render.converter import stop_warm as stop_converter
from jixiao.rules.reports import DEFAULT_REPORT_RULES, load_report_rules

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jixiao.core.evaluation import Evaluation

__all__ = [
    "FORMATS",
    "Rendered",
    "RenderedFile",
    "converter_state",
    "render",
    "start_converter",
    "stop_converter",
]
"""`start_converter` keeps a LibreOffice warm in a job worker; `render` then uses it for PDF."""


def render(
    evaluation: Evaluation,
    formats: Sequence[str] = ("docx", "html"),
    *,
    redacted: bool = False,
    draft: bool = False,
    rules: str | Path = DEFAULT_REPORT_RULES,
    stem: str = "",
) -> Rendered:
    """The reports of an evaluation, or the problems that refuse them; never raises.

    `redacted` makes the public copy (涉密 projects dropped, file names "-public-"); `draft` renders despite errors (marked 草稿, with the
    problem list appended); `rules` is a report-rules id or file; `stem` starts every
    file name (`{stem}-department.docx`).
    """
    try:
        settings = load_report_rules(rules)
    except UnreadableError as exc:
        return Rendered(problems=list(exc.problems), refused=True)
    options = ReportOptions(
        tuple(formats), redacted, draft, settings.threshold, settings.template_dirs, stem
    )
    return render_reports(evaluation, options)
