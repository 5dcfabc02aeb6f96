"""The Problem builders: `make_text` and `make` give the records the dataclasses would.

Both build `Location` and `Problem` through their slots instead of the frozen dataclass
`__init__` (core/problems.py `_LocationDraft`); these tests hold the records equal, field by
field, to the ones the constructors give, for every catalogue code the scoring engine uses.
"""

from __future__ import annotations

import dataclasses
import string
from decimal import Decimal
from typing import Any

import pytest

from jixiao.core.codes import all_codes, lookup
from jixiao.core.problems import Figure, Location, Problem, Severity, make, make_text


def _fields(code: str) -> list[str]:
    entry = lookup(code)
    names = {f for _, f, _, _ in string.Formatter().parse(entry.template + entry.hint) if f}
    return sorted(names)


def _expected(code: str, path: str, values: dict[str, str]) -> Problem:
    entry = lookup(code)
    return Problem(
        code=code,
        severity=Severity(entry.severity),
        message=entry.template.format(**values),
        location=Location(path=path),
        hint=entry.hint.format(**values),
    )


@pytest.mark.parametrize("code", [c.code for c in all_codes() if c.code.startswith("scoring.")])
def test_make_text_equals_the_constructed_record(code: str) -> None:
    values = {name: f"「{name}」值" for name in _fields(code)}
    params: dict[str, Any] = dict(values)
    made = make_text(code, "projects[3].indicators[1].actual", values)
    expected = _expected(code, "projects[3].indicators[1].actual", values)
    assert made == expected
    assert type(made) is Problem and type(made.location) is Location
    assert dataclasses.astuple(made) == dataclasses.astuple(expected)
    assert hash(made.location) == hash(expected.location)
    assert made == make(code, "projects[3].indicators[1].actual", **params)


def test_make_with_figures_severity_and_a_location_equals_the_constructed_record() -> None:
    code = "scoring.stated-score-differs"
    values: dict[str, Any] = dict.fromkeys(set(_fields(code)) - {"diff"}, "x")
    place = Location(path="self_evaluation.score", file="a.yaml", line=3)
    figure = Figure("自评得分", Decimal("88.5"))
    made = make(
        code,
        place,
        figures=[figure],
        expected=Decimal("90"),
        actual=Decimal("88.5"),
        severity=Severity.WARNING,
        **values,
    )
    assert made == Problem(
        code=code,
        severity=Severity.WARNING,
        message=lookup(code).template.format(**values, diff="1.50"),
        location=place,
        figures=(figure,),
        expected=Decimal("90"),
        actual=Decimal("88.5"),
        difference=Decimal("-1.5"),
        hint=lookup(code).hint.format(**values, diff="1.50"),
    )


def test_built_records_stay_frozen() -> None:
    made = make_text("scoring.no-reason", "projects[0]", {"subject": "s", "name": "n", "lost": "1"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.message = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.location.path = "changed"  # type: ignore[misc]


def test_locating_copies_every_field_as_replace_does() -> None:
    # `Location.in_file` and `Problem.moved` copy field by field (the loader locates every
    # problem of a file); each field is set to its own value so a field added to either
    # record and left out of the copy fails here.
    own: dict[str, Any] = {f.name: f"<{f.name}>" for f in dataclasses.fields(Location)}
    where = Location(**own)
    fields: dict[str, Any] = {f.name: f"<{f.name}>" for f in dataclasses.fields(Problem)}
    problem = Problem(**{**fields, "location": where, "related": (Location(path="other"),)})
    moved_to = where.in_file("a.yaml", 12)
    assert moved_to == dataclasses.replace(where, file="a.yaml", line=12)
    assert dataclasses.astuple(moved_to) == dataclasses.astuple(
        dataclasses.replace(where, file="a.yaml", line=12)
    )
    moved = problem.moved(moved_to)
    assert moved == dataclasses.replace(problem, location=moved_to)
    assert type(moved) is Problem and type(moved.location) is Location
    assert problem.at(file="b.yaml", line=None) == dataclasses.replace(
        problem, location=dataclasses.replace(where, file="b.yaml", line=None)
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.location.line = 1  # type: ignore[misc]
