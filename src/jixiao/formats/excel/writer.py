"""Submission → workbook content (cell values per sheet), by the layout.

Kept apart from the styling in `template.py` so what goes in which cell is one small,
testable function of the model, and the template (no submission) and the export (a full
submission) are rendered by the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jixiao.core import paths
from jixiao.core.model import ProjectNarrative
from jixiao.core.targets import Comparator
from jixiao.formats.excel import layout
from jixiao.formats.excel.layout import SCOPES, FormSheet, TableSheet
from jixiao.formats.excel.values import to_cell

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jixiao.core.model import Submission

__all__ = ["Content", "blank_content", "submission_content"]


@dataclass
class Content:
    """What a workbook holds: form cells by (sheet, label, column key), table rows by sheet.

    Table rows list values in `TableSheet.headers()` order (owner first); computed
    columns are None here and get their formulas when rendered.
    """

    forms: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    tables: dict[str, list[list[Any]]] = field(default_factory=dict)


def _get(obj: Any, path: str) -> Any:
    try:
        value = paths.resolve(obj, path)
    except KeyError:
        return None
    if isinstance(value, Comparator):
        return value.symbol
    return to_cell(value)


def _row(sheet: TableSheet, owner: Any, item: Any) -> list[Any]:
    values = [None if c.computed else _get(item, c.path) for c in sheet.columns]
    return [owner, *values] if sheet.owner else values


def _items(sub: Submission, sheet: TableSheet) -> Iterable[tuple[Any, Any]]:
    """(owner cell value, item) for every row of a table sheet."""
    owner = sheet.owner
    if owner is None:
        yield from ((None, item) for item in paths.resolve(sub, sheet.path))
    elif owner.kind == "key":
        yield from ((i + 1, item) for i, item in enumerate(paths.resolve(sub, sheet.path)))
    elif owner.kind == "scope":
        for scope, path in SCOPES.items():
            yield from ((scope, line) for line in paths.resolve(sub, path))
    elif owner.kind == "sub_unit":
        yield from ((None, line) for line in sub.unit.staffing)
        for unit in sub.unit.sub_units:
            yield from ((unit.name, line) for line in unit.staffing)
    else:
        if owner.blank_path:
            yield from ((None, item) for item in paths.resolve(sub, owner.blank_path))
        for i, project in enumerate(sub.projects):
            value = getattr(project, owner.field)
            if owner.single:
                if value != ProjectNarrative():
                    yield i + 1, value
            else:
                yield from ((i + 1, item) for item in value)


def _blank_classes(
    rows: list[list[Any]], classes: Mapping[str, str], sheet: TableSheet
) -> list[list[Any]]:
    """Official class codes (3 digits) for each 口径 not already present, amounts empty."""
    present = {(r[0], r[1]) for r in rows}
    extra = [
        [scope, code, name] + [None] * (len(sheet.columns) - 2)
        for scope in SCOPES
        for code, name in sorted(classes.items())
        if len(code) == 3 and (scope, code) not in present
    ]
    return rows + extra


def submission_content(sub: Submission, classes: Mapping[str, str]) -> Content:
    """Every value of the submission placed by the layout (export is lossless)."""
    content = Content()
    for sheet in layout.SHEETS:
        if isinstance(sheet, FormSheet):
            for spec in sheet.fields:
                for _header, key in sheet.value_columns:
                    value = _get(sub, spec.path.replace("{col}", key))
                    content.forms[(sheet.name, spec.label, key)] = value
            continue
        rows = [_row(sheet, owner, item) for owner, item in _items(sub, sheet)]
        if sheet is layout.ECONOMIC:
            rows = _blank_classes(rows, classes, sheet)
        content.tables[sheet.name] = rows
    return content


def blank_content(year: int | None, unit: str, classes: Mapping[str, str]) -> Content:
    """The empty template: year and unit name if given, official class codes pre-filled."""
    content = Content()
    content.forms[(layout.UNIT.name, "年度", "")] = year
    content.forms[(layout.UNIT.name, "单位名称", "")] = unit or None
    content.tables[layout.ECONOMIC.name] = _blank_classes([], classes, layout.ECONOMIC)
    return content
