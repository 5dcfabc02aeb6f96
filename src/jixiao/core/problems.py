"""The one record for every finding, and the one serialiser every surface uses.

A check, the loader, the scoring engine and the auditor all report through `Problem`;
the CLI table, `--json`, the web page and the report appendix all render `to_dict`.
Message text never lives here or in a check: it comes from the catalogue (`codes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from jixiao.core.codes import lookup
from jixiao.core.money import fmt_money, fmt_number

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "PROBLEM_SHAPE_VERSION",
    "Figure",
    "Location",
    "Problem",
    "Severity",
    "UnreadableError",
    "count_by_severity",
    "make",
    "make_text",
    "problem_to_dict",
    "problems_to_dict",
    "sort_problems",
]

PROBLEM_SHAPE_VERSION = 1


class Severity(StrEnum):
    """How much a finding matters: an error blocks submission, the others inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        """Chinese label shown to users."""
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: any combination of the fields that are known.

    `path` is a field path in the submission ("projects[2].indicators[0].actual"); `file`
    and `line` come from the loader's source map; `cell` is an Excel "sheet!C7"; `section`,
    `paragraph`, `start`/`end` and `quote` locate evidence in an existing document.
    """

    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    section: str | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None

    def describe(self) -> str:
        """Human-readable location, most specific first ("x.yaml:12 finance.total")."""
        parts: list[str] = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        if self.cell:
            parts.append(self.cell)
        if self.section:
            parts.append(self.section)
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.path:
            parts.append(self.path)
        return " ".join(parts)

    def in_file(self, file: str | None, line: int | None) -> Location:
        """This location in `file` at `line`: what locating does to every loaded problem.

        Built as a draft (`_LocationDraft`) rather than with `dataclasses.replace`, which
        is ten times slower: a file with 32,000 problems spent 0.75 s of its 1.6 s check
        copying each one's location and record. A field not copied here would be an unset
        slot, which fails loudly (tests/core/test_problems.py compares with `replace`).
        """
        loc: Any = _LocationDraft()
        loc.path = self.path
        loc.file = file
        loc.line = line
        loc.column = self.column
        loc.cell = self.cell
        loc.section = self.section
        loc.paragraph = self.paragraph
        loc.start = self.start
        loc.end = self.end
        loc.quote = self.quote
        loc.__class__ = Location
        return cast("Location", loc)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number a finding involves, with its label, unit and (optionally) place."""

    label: str
    value: Decimal | None
    unit: str = "万元"
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding: stable code, severity, Chinese message, location, figures, hint."""

    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    figures: tuple[Figure, ...] = ()
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    hint: str = ""
    related: tuple[Location, ...] = ()

    def at(self, **changes: Any) -> Problem:
        """A copy with location fields changed (used to attach file and line)."""
        return self.moved(replace(self.location, **changes))

    def moved(self, location: Location) -> Problem:
        """A copy at `location` (built as a draft, see `Location.in_file` for why)."""
        return _problem(
            self.code,
            self.severity,
            self.message,
            location,
            self.figures,
            self.expected,
            self.actual,
            self.difference,
            self.hint,
            self.related,
        )


class UnreadableError(Exception):
    """An input that cannot be read at all: a data file, a workbook, a rule file.

    The one exception of the pipeline (STYLE.md 6): everything else comes back as
    problems. It carries the problems to show (file:line each); surfaces exit with code 2.
    """

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        found = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(p.message for p in found))
        self.problems = found

    @property
    def problem(self) -> Problem:
        """The first problem (an unreadable data file has exactly one)."""
        return self.problems[0]


_SEVERITIES = {s.value: s for s in Severity}
"""Severity by value: a dict lookup, not the Enum call (make() runs for every finding)."""


class _LocationDraft:
    """A mutable twin of `Location` (same slots, same order), turned into one when filled.

    Why: a frozen dataclass's `__init__` stores each field through `object.__setattr__`, a
    generic attribute lookup and a wrapped call per field; for the ten fields of a
    `Location` or a `Problem` that was 14,000 machine instructions each (callgrind), more
    than everything else a finding needs, and a finding is made for most projects a region
    scores. A draft's fields are plain slot stores (a few dozen instructions each); the
    layouts are identical, so Python allows the draft's class to be set to the frozen one,
    and the record is then exactly what the constructor gives (tests/core/test_problems.py)
    and frozen for everyone else.
    """

    __slots__ = Location.__slots__


class _ProblemDraft:
    """A mutable twin of `Problem` (see `_LocationDraft`)."""

    __slots__ = Problem.__slots__


def _at(path: str) -> Location:
    """`Location(path=path)`, built as a draft (see `_LocationDraft`)."""
    loc: Any = _LocationDraft()
    loc.path = path
    loc.file = loc.line = loc.column = loc.cell = loc.section = None
    loc.paragraph = loc.start = loc.end = loc.quote = None
    loc.__class__ = Location
    return cast("Location", loc)


def _problem(
    code: str,
    severity: Severity,
    message: str,
    location: Location,
    figures: tuple[Figure, ...] = (),
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    difference: Decimal | None = None,
    hint: str = "",
    related: tuple[Location, ...] = (),
) -> Problem:
    """`Problem(...)` with every field given, built as a draft (see `_LocationDraft`)."""
    problem: Any = _ProblemDraft()
    problem.code = code
    problem.severity = severity
    problem.message = message
    problem.location = location
    problem.figures = figures
    problem.expected = expected
    problem.actual = actual
    problem.difference = difference
    problem.hint = hint
    problem.related = related
    problem.__class__ = Problem
    return cast("Problem", problem)


_PREPARED: dict[str, tuple[Severity, str, str, bool]] = {}
"""Per code: severity, template, hint and whether the hint has fields (see `make_text`)."""


def _prepare(code: str) -> tuple[Severity, str, str, bool]:
    entry = lookup(code)
    hint = entry.hint
    prepared = (_SEVERITIES[entry.severity], entry.template, hint, "{" in hint or "}" in hint)
    _PREPARED[code] = prepared  # a registered code's entry never changes (codes.register)
    return prepared


def make_text(code: str, path: str, values: Mapping[str, str]) -> Problem:
    """`make(code, path, **values)` for a finding whose parameters are already text.

    The scoring engine's findings (one or more for most projects) have only a path and
    text parameters: no figures to show, no Decimal to format, no severity override, so
    they skip those steps, and what they need of the catalogue entry is prepared once per
    code. Same record as `make` gives (tests/core/test_problems.py).
    """
    severity, template, hint, hint_fields = _PREPARED.get(code) or _prepare(code)
    return _problem(
        code,
        severity,
        template.format_map(values),
        _at(path),
        (),
        None,
        None,
        None,
        hint.format_map(values) if hint_fields else hint,
        (),
    )


def _display(value: object) -> str:
    if isinstance(value, Decimal):
        return fmt_money(value)
    return str(value)


def make(
    code: str,
    location: Location | str = "",
    /,
    *,
    figures: Iterable[Figure] = (),
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    difference: Decimal | None = None,
    severity: Severity | None = None,
    related: Iterable[Location] = (),
    **params: object,
) -> Problem:
    """Build a Problem from the catalogue entry for `code`.

    `params` fill the message and hint templates; Decimals are shown with two decimals.
    When `expected` and `actual` are given and `difference` is not, it is their difference.
    """
    entry = lookup(code)
    values = {name: _display(value) for name, value in params.items()}
    if expected is not None and actual is not None and difference is None:
        difference = actual - expected
    if difference is not None:
        values.setdefault("diff", fmt_money(abs(difference)))
    return _problem(
        code,
        severity or _SEVERITIES[entry.severity],
        entry.template.format_map(values),
        _at(location) if isinstance(location, str) else location,
        tuple(figures),
        expected,
        actual,
        difference,
        entry.hint.format_map(values),
        tuple(related),
    )


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then by file, line and path, so output is stable."""
    return sorted(
        problems,
        key=lambda p: (
            p.severity.rank,
            p.location.file or "",
            p.location.line or 0,
            p.location.path,
            p.code,
        ),
    )


def count_by_severity(problems: Iterable[Problem]) -> dict[str, int]:
    """Counts per severity value, always with all three keys."""
    counts = {s.value: 0 for s in Severity}
    for problem in problems:
        counts[problem.severity.value] += 1
    return counts


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else fmt_number(value)


def _location_dict(loc: Location) -> dict[str, Any]:
    data: dict[str, Any] = {
        "path": loc.path,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "cell": loc.cell,
        "section": loc.section,
        "paragraph": loc.paragraph,
        "start": loc.start,
        "end": loc.end,
        "quote": loc.quote,
    }
    data["text"] = loc.describe()
    return data


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The single JSON shape of a problem (docs/problem-json.md, `problem.schema.json`).

    Decimals are strings so no consumer turns them into floats by accident.
    """
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "severity_label": problem.severity.label,
        "title": lookup(problem.code).title,
        "message": problem.message,
        "location": _location_dict(problem.location),
        "figures": [
            {
                "label": f.label,
                "value": _decimal(f.value),
                "unit": f.unit,
                "location": None if f.location is None else _location_dict(f.location),
            }
            for f in problem.figures
        ],
        "expected": _decimal(problem.expected),
        "actual": _decimal(problem.actual),
        "difference": _decimal(problem.difference),
        "hint": problem.hint,
        "related": [_location_dict(r) for r in problem.related],
    }


def problems_to_dict(
    problems: Iterable[Problem],
    *,
    source: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON document for one input: its problems, counts and a version."""
    ordered = sort_problems(problems)
    body: dict[str, Any] = {
        "version": PROBLEM_SHAPE_VERSION,
        "source": source,
        "counts": count_by_severity(ordered),
        "problems": [problem_to_dict(p) for p in ordered],
    }
    if extra:
        body.update(extra)
    return body
