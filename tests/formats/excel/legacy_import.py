"""The import as it was before rows were streamed: the oracle for tests/formats/excel.

Why keep it: the streamed importer must give exactly the Submission, the problems and
the path → cell map this whole-grid version gave (a grid of every sheet, merged ranges
filled in the grid, a dict entry per cell). Only the parts that changed are kept here;
the per-cell readers, the form sheets and the owner rules are the importer's own.
Never imported by src/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter, range_boundaries

from jixiao.core.problems import Location, Problem, make, sort_problems
from jixiao.core.validation import build_submission
from jixiao.formats.excel import importer, layout
from jixiao.formats.excel.importer import (
    _blank_test,
    _container,
    _header_map,
    _owner_target,
    _read,
    _read_form,
    _ref,
    _register_key,
    _set,
    _State,
    _target,
    place,
)
from jixiao.formats.excel.layout import TableSheet, clean_header
from jixiao.formats.excel.reader import EMPTY_RUN, MAX_COLUMNS, Grid
from jixiao.formats.excel.safety import SheetInfo, inspect
from jixiao.formats.excel.values import is_blank

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["legacy_import"]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _take(rows: Iterable[Iterable[Any]], offset: int = 0) -> Grid:
    kept: list[list[Any]] = []
    last = -1
    run = 0
    pad = [None] * offset
    for raw in rows:
        row = pad + [None if _blank(v) else v for v in list(raw)[: MAX_COLUMNS - offset]]
        if any(v is not None for v in row):
            run = 0
            last = len(kept)
        else:
            run += 1
            if run >= EMPTY_RUN:
                del kept[last + 1 :]
                return Grid(kept, stopped=True)
        kept.append(row)
    del kept[last + 1 :]
    return Grid(kept)


def _grids(path: Path, names: set[str], backend: str) -> dict[str, Grid]:
    if backend == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            grids = {}
            for name in book.sheet_names:
                if name in names:
                    sheet = book.get_sheet_by_name(name)
                    offset = sheet.start[1] if sheet.start else 0
                    grids[name] = _take(sheet.iter_rows(), offset)
            return grids
        finally:
            book.close()
    from openpyxl import load_workbook

    opened = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return {
            name: _take(opened[name].iter_rows(values_only=True, max_col=MAX_COLUMNS))
            for name in opened.sheetnames
            if name in names
        }
    finally:
        opened.close()


def _fill_merged(state: _State, grid: Grid, info: SheetInfo) -> None:
    for ref in info.merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if min_col is None or min_row is None or max_col is None or max_row is None:
            continue
        top = grid.value(min_row - 1, min_col - 1)
        cells = (max_row - min_row + 1) * (max_col - min_col + 1)
        if top is None or cells > 10_000:
            continue
        for r in range(min_row - 1, min(max_row, len(grid.rows))):
            row = grid.rows[r]
            row.extend([None] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = top
        cell = _ref(info.name, min_row - 1, min_col - 1)
        state.report("excel.merged-cells", cell, range=ref, value=str(top)[:40])


def _note_rows(state: _State, grid: Grid, info: SheetInfo) -> None:
    hidden = [
        r
        for r in info.hidden_rows
        if 1 < r <= len(grid.rows) and any(v is not None for v in grid.rows[r - 1])
    ]
    if hidden:
        shown = "、".join(map(str, hidden[:10])) + ("等" if len(hidden) > 10 else "")
        state.report("excel.hidden-rows", f"{info.name}!A{hidden[0]}", sheet=info.name, rows=shown)
    declared = info.dimension.split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    last = len(grid.rows)
    extra = int(declared) - last if declared.isdigit() else 0
    if grid.stopped or extra >= EMPTY_RUN:
        state.report(
            "excel.blank-rows",
            f"{info.name}!A{last + 1}",
            sheet=info.name,
            last=str(last),
            count=str(max(extra, EMPTY_RUN)),
        )


def _read_table(state: _State, sheet: TableSheet, grid: Grid, cells: dict[str, str]) -> None:
    known = {clean_header(h): h for h in sheet.headers()}
    cols = _header_map(state, sheet.name, grid.rows[0] if grid.rows else [], known, "列")
    for header in [
        *([sheet.owner.header] if sheet.owner else []),
        *(c.display for c in sheet.input_columns),
    ]:
        if header not in cols:
            state.report(
                "excel.missing-header", f"{sheet.name}!A1", sheet=sheet.name, kind="列",
                header=header,
            )  # fmt: skip
    owner_col = cols.get(sheet.owner.header) if sheet.owner else None
    key_col = cols.get(sheet.key_header) if sheet.key_header else None
    plan = [(c, cols[c.display]) for c in sheet.input_columns if c.display in cols]
    blank_cols = _blank_test(sheet, cols)
    for r in range(1, len(grid.rows)):
        row = grid.rows[r]
        if all(is_blank(row[c] if c < len(row) else None) for c in blank_cols):
            continue
        owner_value = None if owner_col is None else grid.value(r, owner_col)
        placed = _owner_target(state, sheet, owner_value, r, owner_col or 0)
        if placed is None:
            continue
        list_path, single = placed
        container = _container(state.data, list_path, single)
        base = list_path if single else f"{list_path}[{len(container)}]"
        cells.setdefault(base, _ref(sheet.name, r, 0))
        item: dict[str, Any] = {}
        for column, col in plan:
            cell = f"{sheet.name}!{get_column_letter(col + 1)}{r + 1}"
            path = f"{base}.{column.path}"
            cells.setdefault(path, cell)
            parent = column.path.split(".")[0]
            if parent != column.path:
                cells.setdefault(f"{base}.{parent}", cell)
            value = grid.value(r, col)
            if is_blank(value):
                continue
            converted = _read(state, column.kind, value, cell, column.header, path)
            if converted is not None:
                _set(item, column.path, converted)
        _target(item)
        if single:
            container.update(item)
            continue
        if key_col is not None:
            key_cell = _ref(sheet.name, r, key_col)
            _register_key(state, sheet, grid.value(r, key_col), key_cell, r, len(container))
        container.append(item)


def _is_repeat(state: _State, problem: Problem) -> bool:
    """As the importer: a bad cell's own problems, and its direct holder's (one cell, one
    problem: an unreadable 指标值 leaves its target without a value, already said)."""
    path = problem.location.path
    parents = {bad.rpartition(".")[0] for bad in state.bad_paths if "." in bad}
    return problem.code.startswith("load.") and (
        path in parents
        or any(path == bad or path.startswith((bad + ".", bad + "[")) for bad in state.bad_paths)
    )


def legacy_import(path: Path, backend: str = "calamine") -> importer.Imported:
    """Import as before streaming: whole grids, one dict entry per cell."""
    wanted = {s.name: layout.extent(s) for s in layout.SHEETS}
    package = inspect(path, wanted)
    state = _State(file=str(path))
    cells = state.cells.fixed  # one plain dict for every path, as it was
    if package.macros:
        state.problems.append(make("excel.macros", Location(file=state.file)))
    grids = _grids(path, set(wanted), backend)
    for sheet in layout.SHEETS:
        grid = grids.get(sheet.name)
        if grid is None:
            state.problems.append(
                make("excel.missing-sheet", Location(file=state.file), sheet=sheet.name)
            )
            continue
        info = package.sheets.get(sheet.name, SheetInfo(sheet.name, ""))
        _fill_merged(state, grid, info)
        _note_rows(state, grid, info)
        if isinstance(sheet, TableSheet):
            _read_table(state, sheet, grid, cells)
        else:
            _read_form(state, sheet, grid)
    submission, problems = build_submission(state.data)
    found = state.problems + [
        place(state.file, cells, p) for p in problems if not _is_repeat(state, p)
    ]
    return importer.Imported(submission, sort_problems(found), dict(cells), state.file)
