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
from jixiao.formats.excel.layout import SCOPES, SUBMISSION, FormSheet, Layout, TableSheet
from jixiao.formats.excel.values import to_cell

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jixiao.core.model import Submission

__all__ = ["Content", "blank_content", "content_of", "submission_content"]


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


def _listed(obj: Any, path: str) -> Any:
    """The list at `path` (a model's tuple or plain data's list); empty when not there."""
    try:
        found = paths.resolve(obj, path)
    except KeyError:
        return ()
    return found if isinstance(found, list | tuple) else ()


def _items(sub: Any, sheet: TableSheet, projects: str) -> Iterable[tuple[Any, Any]]:
    """(owner cell value, item) for every row of a table sheet (a model or plain data).

    `projects` is the list path of the layout's project sheet (what a 项目序号 counts).
    """
    owner = sheet.owner
    if owner is None:
        yield from ((None, item) for item in _listed(sub, sheet.path))
    elif owner.kind == "key":
        yield from ((i + 1, item) for i, item in enumerate(_listed(sub, sheet.path)))
    elif owner.kind == "scope":
        for scope, path in SCOPES.items():
            yield from ((scope, line) for line in paths.resolve(sub, path))
    elif owner.kind == "sub_unit":
        yield from ((None, line) for line in sub.unit.staffing)
        for unit in sub.unit.sub_units:
            yield from ((unit.name, line) for line in unit.staffing)
    else:
        if owner.blank_path:
            yield from ((None, item) for item in _listed(sub, owner.blank_path))
        for i, project in enumerate(_listed(sub, projects)):
            if owner.single:
                value = getattr(project, owner.field)
                if value != ProjectNarrative():
                    yield i + 1, value
            else:
                yield from ((i + 1, item) for item in _listed(project, owner.field))


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
    return content_of(sub, SUBMISSION, classes)


def content_of(obj: Any, book: Layout, classes: Mapping[str, str] | None = None) -> Content:
    """Every value of a model (or its plain data) placed by the workbook's layout."""
    content = Content()
    for sheet in book.sheets:
        if isinstance(sheet, FormSheet):
            for spec in sheet.fields:
                for _header, key in sheet.value_columns:
                    value = _get(obj, spec.path.replace("{col}", key))
                    content.forms[(sheet.name, spec.label, key)] = value
            continue
        rows = [_row(sheet, owner, item) for owner, item in _items(obj, sheet, book.projects.path)]
        if sheet is layout.ECONOMIC:
            rows = _blank_classes(rows, classes or {}, sheet)
        content.tables[sheet.name] = rows
    return content


def blank_content(year: int | None, unit: str, classes: Mapping[str, str]) -> Content:
    """The empty template: year and unit name if given, official class codes pre-filled."""
    content = Content()
    content.forms[(layout.UNIT.name, "年度", "")] = year
    content.forms[(layout.UNIT.name, "单位名称", "")] = unit or None
    content.tables[layout.ECONOMIC.name] = _blank_classes([], classes, layout.ECONOMIC)
    return content
