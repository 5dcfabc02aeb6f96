"""The one façade: load → evaluate → render, and audit. Every surface calls only these.

The CLI, the web pages, the HTTP API and the Excel upload go through this package, so
they cannot disagree about a problem, a score or a report. One contract everywhere:
bad data never raises, it comes back as problems; only an input that cannot be read at
all (a data file, a workbook, a rule file) raises `UnreadableError`, which carries its
problems with file:line. See docs/architecture.md.
"""

from jixiao.audit.mutation import MutationReport
from jixiao.core.evaluation import Evaluation, Summary
from jixiao.core.problems import UnreadableError
from jixiao.pipeline.auditing import (
    AuditResult,
    EvalReport,
    audit,
    audit_corpus,
    audit_html,
    audit_mutations,
)
from jixiao.pipeline.evaluating import DEFAULT_PROFILE, evaluate
from jixiao.pipeline.loading import Loaded, load
from jixiao.pipeline.rendering import (
    FORMATS,
    Rendered,
    RenderedFile,
    converter_state,
    render,
    start_converter,
    stop_converter,
)

__all__ = [
    "DEFAULT_PROFILE",
    "FORMATS",
    "AuditResult",
    "EvalReport",
    "Evaluation",
    "Loaded",
    "MutationReport",
    "Rendered",
    "RenderedFile",
    "Summary",
    "UnreadableError",
    "audit",
    "audit_corpus",
    "audit_html",
    "audit_mutations",
    "converter_state",
    "evaluate",
    "load",
    "render",
    "start_converter",
    "stop_converter",
]
