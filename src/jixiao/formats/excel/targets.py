"""绩效目标 ↔ the 绩效目标申报表 workbook: the template pre-filled, and the filled file read back.

Why here and thin: the sheets are `target_layout.TARGETS`, and writing, styling, the
safety scan, cell reading and sheet!cell locations are the self-evaluation's own code
given that layout. What is particular to targets is only this: a web filing keeps what
the clerk typed (text, as the form sends it), so a template is written from a stored
data tree as well as from a `TargetSet`, and an upload hands back the data as typed —
a cell that could not be read keeps its text — so nothing a clerk typed is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from jixiao.core import paths
from jixiao.core.goals import TargetSet
from jixiao.core.model import Indicator
from jixiao.core.targets import parse_comparator
from jixiao.core.validation import validate_model
from jixiao.formats.excel.importer import finish, place, read_book
from jixiao.formats.excel.target_layout import TARGETS

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from jixiao.core.problems import Problem
    from jixiao.formats.excel.writer import Content

__all__ = ["TargetsImported", "import_targets", "targets_content", "write_targets"]


@dataclass
class TargetsImported:
    """A filled 绩效目标申报表: the model (None when it does not validate) and every problem.

    `typed` is the data as read, with the text of each cell that could not be read put
    back at its place, for a store that keeps input as typed (the web filing).
    """

    targets: TargetSet | None
    problems: list[Problem]
    typed: dict[str, Any] = field(default_factory=dict)
    cells: Mapping[str, str] = field(default_factory=dict)
    file: str = ""
    complete: bool = True
    """Whether every cell was read (no text put back into `typed`)."""

    def to_store(self) -> dict[str, Any]:
        """The data to keep: the model's own when it validates and every cell was read.

        The model's form is explicit (a bare 2000 is stored as "≥ 2000", as the model
        reads it); otherwise the data as typed, so a clerk's text is shown back.
        """
        if self.targets is not None and self.complete:
            return self.targets.model_dump(mode="json", exclude_defaults=True)
        return self.typed

    def locate(self, problem: Problem) -> Problem:
        """A later problem (the filing-time lint) pointed at its sheet!cell."""
        return place(self.file, self.cells, problem)


def _put_back(data: dict[str, Any], path: str, text: str) -> None:
    """Set `text` at `path` if its container was read (a skipped row has none)."""
    parts = paths.parse(path)
    current: Any = data
    for part in parts[:-1]:
        if isinstance(part, int):
            ok = isinstance(current, list) and part < len(current)
        else:
            ok = isinstance(current, dict)
            if ok and part not in current:
                current[part] = {}
        if not ok:
            return
        current = current[part]
    if isinstance(current, dict) and isinstance(parts[-1], str):
        current.setdefault(parts[-1], text)


def import_targets(path: Path, backend: str = "auto") -> TargetsImported:
    """Read and validate a filled targets workbook; the lint runs later, with its rules.

    Raises:
        UnreadableError: the file cannot be opened at all (same bounds as every workbook).
    """
    read = read_book(path, TARGETS, backend)
    targets, problems = validate_model(TargetSet, read.data)
    located = finish(read, problems)
    for where, text in read.unread.items():
        _put_back(read.data, where, text)
    return TargetsImported(
        targets, located, read.data, read.cells, read.file, complete=not read.unread
    )


def _shown_indicator(row: Any) -> Any:
    """A stored indicator as the template shows it: the model when it validates.

    Else the row as typed, its target text in 指标值（原文） and a comparator as its symbol.
    """
    if not isinstance(row, dict):
        return row
    try:
        return Indicator.model_validate(row)
    except ValidationError:
        pass
    shown = dict(row)
    target = row.get("target")
    if isinstance(target, str | int | float):
        shown["target"] = {"text": str(target)}
    elif isinstance(target, dict) and isinstance(target.get("comparator"), str):
        try:
            symbol = parse_comparator(target["comparator"]).symbol
        except ValueError:
            symbol = target["comparator"]
        shown["target"] = {**target, "comparator": symbol}
    return shown


def _shown(source: TargetSet | Mapping[str, Any]) -> Any:
    """The model to write: the target set itself, or a stored tree made as close as it can."""
    if isinstance(source, TargetSet):
        return source
    model, _problems = validate_model(TargetSet, dict(source))
    if model is not None:
        return model
    data = dict(source)
    rows = data.get("department_indicators")
    if isinstance(rows, list):
        data["department_indicators"] = [_shown_indicator(r) for r in rows]
    projects = data.get("projects")
    if isinstance(projects, list):
        data["projects"] = [
            {**p, "indicators": [_shown_indicator(r) for r in p.get("indicators") or []]}
            if isinstance(p, dict) and isinstance(p.get("indicators") or [], list)
            else p
            for p in projects
        ]
    return data


def targets_content(source: TargetSet | Mapping[str, Any]) -> Content:
    """What the workbook holds for a target set (or a filing's stored data)."""
    from jixiao.formats.excel.writer import content_of

    return content_of(_shown(source), TARGETS)


def write_targets(path: Path, source: TargetSet | Mapping[str, Any]) -> None:
    """Write the 绩效目标申报表 pre-filled with `source` (at least the year and unit).

    Raises:
        OSError: the file cannot be written (the caller reports it).
    """
    from jixiao.formats.excel.checks import TemplateChecks
    from jixiao.formats.excel.template import render, save

    save(render(targets_content(source), {}, checks=TemplateChecks(), book_layout=TARGETS), path)
