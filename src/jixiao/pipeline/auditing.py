"""audit(document) → AuditResult: findings for one published report.

A thin wrapper over the auditor's entry points, so surfaces do not depend on how the
auditor is organised inside; a document that cannot be read comes back as one problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.audit import AuditResult, audit_bytes, audit_path
from jixiao.audit.evaluate import EvalReport

if TYPE_CHECKING:
    from jixiao.audit.mutation import MutationReport

__all__ = ["AuditResult", "EvalReport", "audit", "audit_corpus", "audit_html", "audit_mutations"]


def audit(document: Path | str, content: bytes | None = None) -> AuditResult:
    """Audit a file, or (with `content`) a document given as bytes under the name `document`.

    The grade bands come from the rules (the one set), read here so the auditor never
    loads rule files itself.
    """
    from jixiao.rules import grade_bands

    bands = grade_bands()
    if content is not None:
        return audit_bytes(str(document), content, bands)
    return audit_path(Path(document), bands)


def audit_html(result: AuditResult) -> str:
    """The audited text as an HTML page with every finding marked."""
    from jixiao.audit.html import render_html

    return render_html(result)


def audit_corpus(directory: Path) -> EvalReport:
    """Recall and precision of the auditor on a hand-checked corpus (NNN.txt + NNN.json)."""
    from jixiao.audit.evaluate import evaluate_corpus
    from jixiao.rules import grade_bands

    return evaluate_corpus(directory, grade_bands())


def audit_mutations(directory: Path) -> MutationReport:
    """Mutation recall and false alarms per mutant on a hand-checked corpus."""
    from jixiao.audit.mutation import mutation_corpus
    from jixiao.rules import grade_bands

    return mutation_corpus(directory, grade_bands())
