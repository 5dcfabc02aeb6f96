"""A filled workbook → Submission, every problem located as sheet!cell.

The pipeline collects and does not throw (STYLE.md 2): each sheet is read by its layout
into plain data, each cell that cannot be read gives a problem and is left out, then the
model validates the data and the checks run; every problem from those later stages is
pointed back at the cell its field path came from. One map (path → cell) serves all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter, range_boundaries

from jixiao.core import paths
from jixiao.core.problems import Location, Problem, make, sort_problems
from jixiao.core.validation import build_submission
from jixiao.formats.excel import layout
from jixiao.formats.excel.checks import CHECK_PREFIX, CHECK_SECTION
from jixiao.formats.excel.layout import SCOPES, Column, FormSheet, Kind, TableSheet, clean_header
from jixiao.formats.excel.reader import EMPTY_RUN, Grid, read_grids
from jixiao.formats.excel.safety import Package, SheetInfo, inspect
from jixiao.formats.excel.values import CellError, is_blank, read_cell

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from jixiao.core.model import Submission

__all__ = ["Imported", "import_workbook", "place"]

_IGNORED_HEADERS = {
    clean_header(h) for h in ("自动核对", "类级合计", "收支情况所填", "核对结果", "说明")
}
"""Display-only headers the template writes beside the data (check panels, notes)."""
_MAX_MERGE_CELLS = 10_000


@dataclass
class Imported:
    """The result: the (possibly partial) model, all problems, and the path → cell map."""

    submission: Submission | None
    problems: list[Problem]
    cells: dict[str, str] = field(default_factory=dict)
    file: str = ""

    def locate(self, problem: Problem) -> Problem:
        """A later problem (from the checks or scoring) pointed at its sheet!cell."""
        return place(self.file, self.cells, problem)


@dataclass
class _State:
    file: str
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bad_paths: set[str] = field(default_factory=set)
    keys: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """Table name → key (项目序号, 下属单位名称) → (list index, sheet row)."""

    def report(self, code: str, cell: str, path: str = "", **params: Any) -> None:
        loc = Location(path=path, file=self.file, cell=cell)
        self.problems.append(make(code, loc, cell=cell, **params))


def _ref(sheet: str, row: int, col: int) -> str:
    """sheet!A1 from 0-based row and column."""
    return f"{sheet}!{get_column_letter(col + 1)}{row + 1}"


def _container(data: dict[str, Any], path: str, single: bool = False) -> Any:
    """The list (or, for `single`, the mapping) at `path`, created on the way."""
    parts = paths.parse(path)
    current: Any = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        empty: Any = ({} if single else []) if last else {}
        current = current[part] if isinstance(part, int) else current.setdefault(part, empty)
    return current


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _read(state: _State, kind: Kind, value: Any, cell: str, header: str, path: str) -> Any:
    """A converted cell, or None after reporting why it could not be read."""
    try:
        read = read_cell(value, kind)
    except CellError as exc:
        state.report(exc.code, cell, path, header=header, **exc.params)
        state.bad_paths.add(path)
        return None
    if read.interpreted is not None:
        number, unit = read.interpreted
        shown = str(value) if len(str(value)) <= 40 else str(value)[:37] + "…"
        state.report(
            "excel.number-interpreted",
            cell,
            path,
            header=header,
            value=shown,
            number=number,
            unit=unit,
        )
    return read.value


# --- grid preparation --------------------------------------------------------------------


def _fill_merged(state: _State, grid: Grid, info: SheetInfo) -> None:
    """Copy each merged range's top-left value into its cells, with a warning."""
    for ref in info.merged:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        if min_col is None or min_row is None or max_col is None or max_row is None:
            continue  # a whole-column or whole-row merge: nothing sensible to fill
        top = grid.value(min_row - 1, min_col - 1)
        cells = (max_row - min_row + 1) * (max_col - min_col + 1)
        if top is None or cells > _MAX_MERGE_CELLS:
            continue
        for r in range(min_row - 1, min(max_row, len(grid.rows))):
            row = grid.rows[r]
            row.extend([None] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = top
        cell = _ref(info.name, min_row - 1, min_col - 1)
        state.report("excel.merged-cells", cell, range=ref, value=str(top)[:40])


def _note_rows(state: _State, grid: Grid, info: SheetInfo) -> None:
    """Warn about hidden rows that hold data; note long runs of blank formatted rows."""
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


def _header_map(
    state: _State, sheet: str, headers: list[Any], known: dict[str, str], kind: str
) -> dict[str, int]:
    """Known header → 0-based column; unknown non-blank headers are reported."""
    found: dict[str, int] = {}
    for col, raw in enumerate(headers):
        cleaned = clean_header(raw)
        if not cleaned:
            continue
        if cleaned in known:
            found.setdefault(known[cleaned], col)
        elif cleaned not in _IGNORED_HEADERS:
            state.report(
                "excel.unknown-header", _ref(sheet, 0, col), sheet=sheet, kind=kind, header=str(raw)
            )
    return found


# --- table sheets ------------------------------------------------------------------------


def _owner_target(
    state: _State, sheet: TableSheet, value: Any, cell: str
) -> tuple[str, bool] | None:
    """The list path a row belongs to (and whether it is a single mapping), or None."""
    owner = sheet.owner
    if owner is None or owner.kind == "key":
        return sheet.path, False
    if owner.kind == "scope":
        scope = "全部支出" if is_blank(value) else str(value).strip()
        if scope not in SCOPES:
            state.report(
                "excel.invalid-choice",
                cell,
                header=owner.header,
                choices="、".join(SCOPES),
                value=scope,
            )
            return None
        return SCOPES[scope], False
    if is_blank(value):
        if owner.blank_path is None:
            state.report(
                "excel.bad-reference", cell, header=owner.header, value="（空）", target="项目"
            )
            return None
        return owner.blank_path, owner.single
    key = str(read_cell(value, Kind.KEY).value)
    table, base = (
        ("项目", "projects") if owner.kind == "project" else ("下属单位", "unit.sub_units")
    )
    found = state.keys.get(table, {}).get(key)
    if found is None:
        state.report("excel.bad-reference", cell, header=owner.header, value=key, target=table)
        return None
    return f"{base}[{found[0]}].{owner.field}", owner.single


def _register_key(
    state: _State, sheet: TableSheet, value: Any, cell: str, row: int, index: int
) -> None:
    """Remember a row's 序号/名称 for other sheets; a repeat is reported, the first wins."""
    if is_blank(value):
        return
    key = str(read_cell(value, Kind.KEY).value)
    keys = state.keys.setdefault(sheet.name, {})
    if key in keys:
        first = str(keys[key][1] + 1)
        state.report("excel.duplicate-key", cell, header=sheet.key_header, value=key, first=first)
        return
    keys[key] = (index, row)


def _target(item: dict[str, Any]) -> None:
    """指标性质/指标值/指标值（原文） → the model's Target; text alone is parsed by the model."""
    target = item.get("target")
    if not isinstance(target, dict) or "comparator" in target:
        return
    item["target"] = target.get("text", target.get("value"))


@dataclass(frozen=True)
class _Slot:
    """A table column as found in this sheet: where it is and where its value goes."""

    column: Column
    col: int
    letter: str
    parent: str


def _plan(sheet: TableSheet, cols: dict[str, int]) -> list[_Slot]:
    """The input columns present in the sheet, worked out once per sheet, not per row."""
    return [
        _Slot(c, cols[c.display], get_column_letter(cols[c.display] + 1), c.path.split(".")[0])
        for c in sheet.input_columns
        if c.display in cols
    ]


def _row_item(
    state: _State, sheet: TableSheet, row: list[Any], r: int, plan: list[_Slot], base: str
) -> dict[str, Any]:
    item: dict[str, Any] = {}
    width = len(row)
    for slot in plan:
        column = slot.column
        cell = f"{sheet.name}!{slot.letter}{r + 1}"
        path = f"{base}.{column.path}"
        state.cells.setdefault(path, (cell, column.header))
        if slot.parent != column.path:  # "target.comparator" also stands for "target"
            state.cells.setdefault(f"{base}.{slot.parent}", (cell, column.header))
        value = row[slot.col] if slot.col < width else None
        if is_blank(value):
            continue
        converted = _read(state, column.kind, value, cell, column.header, path)
        if converted is not None:
            _set(item, column.path, converted)
    _target(item)
    return item


def _blank_test(sheet: TableSheet, cols: dict[str, int]) -> list[int]:
    """Columns that must all be empty for a row to be skipped."""
    if sheet.skip_blank and column_of(sheet, sheet.skip_blank).display in cols:
        return [cols[column_of(sheet, sheet.skip_blank).display]]
    # A 项目序号 typed ahead of the row's content does not make a project.
    counts_owner = sheet.owner is not None and sheet.owner.kind != "key"
    wanted = [sheet.owner.header] if sheet.owner and counts_owner else []
    wanted += [c.display for c in sheet.input_columns]
    return [cols[h] for h in wanted if h in cols]


def _read_table(state: _State, sheet: TableSheet, grid: Grid) -> None:
    known = {clean_header(h): h for h in sheet.headers()}
    cols = _header_map(state, sheet.name, grid.rows[0] if grid.rows else [], known, "列")
    for column in [
        *([sheet.owner.header] if sheet.owner else []),
        *(c.display for c in sheet.input_columns),
    ]:
        if column not in cols:
            state.report(
                "excel.missing-header",
                f"{sheet.name}!A1",
                sheet=sheet.name,
                kind="列",
                header=column,
            )
    owner_col = cols.get(sheet.owner.header) if sheet.owner else None
    key_col = cols.get(sheet.key_header) if sheet.key_header else None
    plan = _plan(sheet, cols)
    blank_cols = _blank_test(sheet, cols)
    for r in range(1, len(grid.rows)):
        row = grid.rows[r]
        if all(is_blank(row[c] if c < len(row) else None) for c in blank_cols):
            continue
        owner_value = None if owner_col is None else grid.value(r, owner_col)
        placed = _owner_target(state, sheet, owner_value, _ref(sheet.name, r, owner_col or 0))
        if placed is None:
            continue
        list_path, single = placed
        container = _container(state.data, list_path, single)
        base = list_path if single else f"{list_path}[{len(container)}]"
        state.cells.setdefault(base, (_ref(sheet.name, r, 0), sheet.name))
        item = _row_item(state, sheet, row, r, plan, base)
        if single:
            container.update(item)
            continue
        if key_col is not None:
            _register_key(
                state,
                sheet,
                grid.value(r, key_col),
                _ref(sheet.name, r, key_col),
                r,
                len(container),
            )
        container.append(item)


# --- form sheets -------------------------------------------------------------------------


def _read_form(state: _State, sheet: FormSheet, grid: Grid) -> None:
    known = {clean_header(h): key for h, key in sheet.value_columns}
    known[clean_header(sheet.label_header)] = "__label"
    header_row = grid.rows[0] if grid.rows else []
    cols = _header_map(state, sheet.name, header_row, known, "列")
    cols.pop("__label", None)
    for header, key in sheet.value_columns:
        if key not in cols:
            state.report(
                "excel.missing-header",
                f"{sheet.name}!A1",
                sheet=sheet.name,
                kind="列",
                header=header,
            )
    fields = {clean_header(f.label): f for f in sheet.fields}
    skipped = {clean_header(r.label) for r in sheet.rows if not isinstance(r, layout.Field)}

    seen: set[str] = set()
    for r in range(1, len(grid.rows)):
        label = clean_header(grid.value(r, 0))
        spec = fields.get(label)
        if spec is None:
            has_value = any(not is_blank(grid.value(r, c)) for c in cols.values())
            checked = label.startswith(clean_header(CHECK_PREFIX)) or label.endswith(
                clean_header(CHECK_SECTION)
            )  # a live check row or their heading
            if label and label not in skipped and not checked and has_value:
                state.report(
                    "excel.unknown-header",
                    _ref(sheet.name, r, 0),
                    sheet=sheet.name,
                    kind="行",
                    header=str(grid.value(r, 0)),
                )
            continue
        seen.add(label)
        for header, key in sheet.value_columns:
            if key not in cols:
                continue
            path = spec.path.replace("{col}", key)
            cell = _ref(sheet.name, r, cols[key])
            parts = path.split(".")
            for depth in range(1, len(parts) + 1):  # "unit" is found at its first field
                state.cells.setdefault(".".join(parts[:depth]), (cell, spec.label))
            value = grid.value(r, cols[key])
            if not is_blank(value):
                converted = _read(
                    state,
                    spec.kind,
                    value,
                    cell,
                    spec.label if len(sheet.value_columns) == 1 else f"{spec.label}·{header}",
                    path,
                )
                if converted is not None:
                    _set(state.data, path, converted)
    for label, spec in fields.items():
        if label not in seen:
            state.report(
                "excel.missing-header",
                f"{sheet.name}!A1",
                sheet=sheet.name,
                kind="行",
                header=spec.label,
            )


# --- after validation --------------------------------------------------------------------


def _locate(file: str, cells: Mapping[str, str], loc: Location) -> Location:
    if loc.cell is not None or not loc.path:
        return replace(loc, file=loc.file or file)
    path = loc.path
    while path and path not in cells:
        path = paths.join(paths.parse(path)[:-1])
    if not path:
        return replace(loc, file=loc.file or file)
    return replace(loc, file=loc.file or file, cell=cells[path])


def place(file: str, cells: Mapping[str, str], problem: Problem) -> Problem:
    """Attach sheet!cell to a problem from validation or the checks (and to its figures)."""
    figures = tuple(
        f if f.location is None else replace(f, location=_locate(file, cells, f.location))
        for f in problem.figures
    )
    related = tuple(_locate(file, cells, r) for r in problem.related)
    return replace(
        problem,
        location=_locate(file, cells, problem.location),
        figures=figures,
        related=related,
    )


def _is_repeat(state: _State, problem: Problem) -> bool:
    """A validation problem for a cell already reported by the reader."""
    path = problem.location.path
    return problem.code.startswith("load.") and any(
        path == bad or path.startswith((bad + ".", bad + "[")) for bad in state.bad_paths
    )


def import_workbook(path: Path, backend: str = "auto") -> Imported:
    """Read and validate a workbook; the checks run later, in the pipeline's `evaluate`.

    Raises UnreadableError only when the file cannot be opened at all (not a workbook,
    encrypted, a bomb …); everything else is a problem in the result. `Imported.locate`
    points any later problem (a check's, a score's) at its cell.
    """
    wanted = {s.name: layout.extent(s) for s in layout.SHEETS}
    package: Package = inspect(path, wanted)
    state = _State(file=str(path))
    if package.macros:
        state.problems.append(make("excel.macros", Location(file=state.file)))
    grids = read_grids(path, set(wanted), backend)
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
            _read_table(state, sheet, grid)
        else:
            _read_form(state, sheet, grid)
    submission, problems = build_submission(state.data)
    cells = {p: cell for p, (cell, _header) in state.cells.items()}
    found = state.problems + [
        place(state.file, cells, p) for p in problems if not _is_repeat(state, p)
    ]
    return Imported(submission, sort_problems(found), cells, state.file)


def column_of(sheet: TableSheet, header: str) -> Column:
    """A table column by header (used by tests and the writer)."""
    for column in sheet.columns:
        if column.header == header:
            return column
    raise KeyError(header)
