"""One submission file → its reports on disk: check, refuse or draft, score, build, write.

The library function behind `jixiao report` (and later the web app's download). It
collects problems rather than raising, except for an unreadable input (`UnreadableError`),
and it is a plain top-level function so a process pool can run it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from jixiao.checking import check_file
from jixiao.core.problems import Problem, Severity, make
from jixiao.render.build import BuildOptions, build_documents
from jixiao.render.docx_writer import write_docx
from jixiao.render.html_writer import write_html
from jixiao.render.outline import TemplateFault
from jixiao.render.pdf import PdfError, to_pdf

__all__ = ["DEFAULT_RULES", "ReportRequest", "ReportResult", "load_report_rules", "render_file"]

DEFAULT_RULES = Path(__file__).parent / "rules.yaml"
FORMATS = ("docx", "html", "pdf")


class RulesError(Exception):
    """The report rules file is unusable; carries the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What to produce for each file."""

    outdir: Path
    formats: tuple[str, ...] = ("docx", "html")
    public: bool = False
    draft: bool = False
    rules: Path = DEFAULT_RULES
    profile: str = "national-2020"


@dataclass
class ReportResult:
    """What was written for one file, the problems found, and the time each stage took."""

    path: Path
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False
    timings: dict[str, float] = field(default_factory=dict)


def load_report_rules(path: Path) -> tuple[Decimal, tuple[Path, ...]]:
    """(project report threshold in 万元, template directories) from a rules YAML."""

    def fail(reason: str) -> RulesError:
        return RulesError(make("render.rules-invalid", str(path), file=str(path), reason=reason))

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise fail(str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise fail("顶层应为键值结构")
    try:
        threshold = Decimal(str(data.get("project_report_threshold", "0")))
    except InvalidOperation:
        raise fail(
            f"project_report_threshold 不是数字：{data.get('project_report_threshold')}"
        ) from None
    if not threshold.is_finite() or threshold < 0:
        raise fail("project_report_threshold 不能为负数")
    dirs = data.get("template_dirs") or []
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        raise fail("template_dirs 应为目录列表")
    return threshold, tuple(path.parent / d for d in dirs)


def _errors(problems: list[Problem]) -> int:
    return sum(p.severity is Severity.ERROR for p in problems)


def render_file(path: Path, request: ReportRequest) -> ReportResult:
    """Check, score and write the reports of one file (see module docstring)."""
    from jixiao.rules.profiles import load_options
    from jixiao.scoring_api import choose_frameworks, score_submission

    result = ReportResult(path)
    start = time.perf_counter()
    try:
        threshold, dirs = load_report_rules(request.rules)
    except RulesError as exc:
        result.problems, result.refused = [exc.problem], True
        return result
    report = check_file(path, load_options(request.profile))
    result.problems = list(report.problems)
    if report.submission is None:
        result.refused = True
        return result
    sub = report.submission
    scores, score_problems = score_submission(sub, choose_frameworks())
    result.problems += score_problems
    errors = _errors(result.problems)
    if errors and not request.draft:
        result.problems.insert(0, make("render.refused", str(path), count=errors))
        result.refused = True
        return result
    if errors:
        result.problems.insert(0, make("render.draft", str(path), count=errors))
    options = BuildOptions(request.public, request.draft and errors > 0, threshold, dirs)
    try:
        docs = build_documents(sub, scores, result.problems[1:] if errors else [], options)
    except TemplateFault as exc:
        result.problems.insert(
            0, make("render.template-error", str(path), template=exc.template, reason=exc.reason)
        )
        result.refused = True
        return result
    result.timings["build"] = time.perf_counter() - start
    request.outdir.mkdir(parents=True, exist_ok=True)
    stem = path.stem + ("-public" if request.public else "")
    start = time.perf_counter()
    docx_files = []
    for doc in docs:
        base = request.outdir / f"{stem}-{doc.slug}"
        if "docx" in request.formats or "pdf" in request.formats:
            docx_files.append(write_docx(doc, base.with_suffix(".docx")))
        if "html" in request.formats:
            result.written.append(write_html(doc, base.with_suffix(".html")))
    result.written += docx_files if "docx" in request.formats else []
    result.timings["write"] = time.perf_counter() - start
    if "pdf" in request.formats:
        start = time.perf_counter()
        try:
            result.written += to_pdf(docx_files, request.outdir)
        except PdfError as exc:
            result.problems.append(make("render.pdf-unavailable", str(path), reason=str(exc)))
        result.timings["pdf"] = time.perf_counter() - start
        if "docx" not in request.formats:
            for file in docx_files:
                file.unlink(missing_ok=True)
    return result
