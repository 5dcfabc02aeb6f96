"""The one façade: load → evaluate → render, and audit. Every surface calls only these.

The CLI, the web pages, the HTTP API and the Excel upload go through this package, so
they cannot disagree about a problem, a score or a report. One contract everywhere:
bad data never raises, it comes back as problems; only an input that cannot be read at
all (a data file, a workbook, a rule file) raises `UnreadableError`, which carries its
problems with file:line. See docs/architecture.md.

The names are imported on first use (PEP 562 `__getattr__`): `jixiao check` needs only
loading and evaluating, and must not pay for python-docx, openpyxl or the auditor at
start-up (bench/startup_bench.py; tests/cli/test_startup_imports.py keeps it so).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    "MutationReport": "jixiao.audit.mutation",
    "Evaluation": "jixiao.core.evaluation",
    "Summary": "jixiao.core.evaluation",
    "UnreadableError": "jixiao.core.problems",
    "AuditResult": "jixiao.pipeline.auditing",
    "EvalReport": "jixiao.pipeline.auditing",
    "audit": "jixiao.pipeline.auditing",
    "audit_corpus": "jixiao.pipeline.auditing",
    "audit_html": "jixiao.pipeline.auditing",
    "audit_mutations": "jixiao.pipeline.auditing",
    "DEFAULT_PROFILE": "jixiao.pipeline.evaluating",
    "evaluate": "jixiao.pipeline.evaluating",
    "Loaded": "jixiao.pipeline.loading",
    "load": "jixiao.pipeline.loading",
    "FORMATS": "jixiao.pipeline.rendering",
    "Rendered": "jixiao.pipeline.rendering",
    "RenderedFile": "jixiao.pipeline.rendering",
    "converter_state": "jixiao.pipeline.rendering",
    "render": "jixiao.pipeline.rendering",
    "start_converter": "jixiao.pipeline.rendering",
    "stop_converter": "jixiao.pipeline.rendering",
}

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


def __getattr__(name: str) -> Any:
    """Import the module holding `name` on first use and keep the name here."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
