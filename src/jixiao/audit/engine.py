"""The audit pipeline: read → figures → outline → stated totals → checks → problems.

A pure function per document, so the CLI can run many files on a process pool. Reading
failures become one `audit.unreadable` problem; nothing else raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.audit import arithmetic, consistency, grading, hygiene, numbering, rates
from jixiao.audit.claims import find_breakdowns
from jixiao.audit.context import Context
from jixiao.audit.figures import extract_figures
from jixiao.audit.grid import find_grid_rows, grid_breakdowns
from jixiao.audit.identities import find_identities
from jixiao.audit.lettergrid import letter_breakdowns, letter_rows
from jixiao.audit.rowblocks import find_cell_columns, find_row_blocks
from jixiao.audit.scoregrid import score_groups
from jixiao.audit.sections import find_headings, section_paths, section_stacks
from jixiao.core.problems import Location, Problem, make, sort_problems
from jixiao.formats.document import Document, DocumentError, read_bytes, read_path

if TYPE_CHECKING:
    from jixiao.core.grading import GradeBands

__all__ = ["CHECKS", "AuditResult", "audit_bytes", "audit_document", "audit_path", "build_context"]

Check = Callable[[Context], list[Problem]]

# Arithmetic and consistency first: the score check reads their findings.
CHECKS: tuple[Check, ...] = (
    arithmetic.check_sums,
    consistency.check_repeats,
    rates.check_rates,
    grading.check_grades,
    numbering.check_numbering,
    numbering.check_damaged,
    numbering.check_empty_sections,
    numbering.check_unnumbered_headings,
    hygiene.check_years,
    hygiene.check_leftovers,
    hygiene.check_garbled,
    hygiene.check_doc_numbers,
)


@dataclass(slots=True)
class AuditResult:
    """Findings for one input, with the text they point into (None if unreadable)."""

    source: str
    problems: list[Problem]
    document: Document | None = None
    unreadable: bool = False
    stats: dict[str, int] = field(default_factory=dict)


def build_context(doc: Document, bands: GradeBands | None = None) -> Context:
    """Figures, outline and stated totals of a document."""
    figs = extract_figures(doc)
    headings = find_headings(doc)
    ctx = Context(doc, figs, headings, section_paths(doc, headings), bands=bands)
    ctx.grid_rows = find_grid_rows(doc)
    ctx.letter_rows = letter_rows(doc)
    ctx.stacks = section_stacks(doc, headings)
    ctx.breakdowns = find_breakdowns(doc, figs, headings)
    covered = {b.total.start for b in ctx.breakdowns}
    ctx.breakdowns += find_identities(doc, figs, covered)
    ctx.breakdowns += find_row_blocks(doc, figs)
    ctx.breakdowns += find_cell_columns(doc, figs, ctx.paths)
    ctx.breakdowns += grid_breakdowns(doc, ctx.grid_rows)
    ctx.breakdowns += score_groups(doc, figs)
    ctx.breakdowns += letter_breakdowns(doc, ctx.letter_rows)
    return ctx


def audit_document(doc: Document, bands: GradeBands | None = None) -> AuditResult:
    """Run every check over a document that has been read.

    `bands` are the grade bands from the rules (the pipeline passes them); without them
    the grade checks stay silent rather than guess.
    """
    ctx = build_context(doc, bands)
    problems: list[Problem] = []
    for check in CHECKS:
        problems += check(ctx)
    problems += grading.check_score_despite_errors(ctx, problems)
    stats = {
        "figures": len(ctx.figs),
        "headings": len(ctx.headings),
        "breakdowns": len(ctx.breakdowns),
    }
    return AuditResult(doc.name, sort_problems(problems), doc, stats=stats)


def _unreadable(source: str, exc: DocumentError) -> AuditResult:
    problem = make("audit.unreadable", Location(file=source), reason=exc.message)
    return AuditResult(source, [problem], None, unreadable=True)


def audit_path(path: Path | str, bands: GradeBands | None = None) -> AuditResult:
    """Read and audit one file."""
    try:
        doc = read_path(Path(path))
    except DocumentError as exc:
        return _unreadable(str(path), exc)
    return audit_document(doc, bands)


def audit_bytes(name: str, data: bytes, bands: GradeBands | None = None) -> AuditResult:
    """Audit a report given as bytes (uploads, tests)."""
    try:
        doc = read_bytes(name, data)
    except DocumentError as exc:
        return _unreadable(name, exc)
    return audit_document(doc, bands)
