"""A filled workbook → Submission, every problem located as sheet!cell.

The pipeline collects and does not throw (STYLE.md 2): each sheet is read by its layout
into plain data, each cell that cannot be read gives a problem and is left out, then the
model validates the data and the checks run; every problem from those later stages is
pointed back at the cell its field path came from. One map (path → cell) serves all.

Why rows are streamed: a province's workbook has 200,000 indicator rows (3 million
cells). Each table row is read from the reader, turned into the row's item and dropped;
the path → cell map (`CellMap`) keeps one sheet row number per item and one column
letter per field of a sheet, and spells "项目!J7" only when a problem asks for it. So
the work and memory of an import are linear in rows with a small constant.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, get_args

from openpyxl.utils import get_column_letter, range_boundaries
from pydantic import BaseModel, ValidationError

from jixiao.core import paths
from jixiao.core.model import Submission
from jixiao.core.problems import Location, Problem, make, sort_problems
from jixiao.core.validation import build_submission
from jixiao.formats.excel import layout
from jixiao.formats.excel.checks import CHECK_PREFIX, CHECK_SECTION
from jixiao.formats.excel.layout import (
    SCOPES,
    SUBMISSION,
    Column,
    FormSheet,
    Kind,
    Layout,
    TableSheet,
    clean_header,
)
from jixiao.formats.excel.reader import EMPTY_RUN, Grid, ReaderFailed, Rows, Sheets, attempts
from jixiao.formats.excel.safety import Package, SheetInfo, inspect
from jixiao.formats.excel.values import (
    SLOW,
    CellError,
    fast_reader,
    fast_text,
    is_blank,
    read_cell,
)
from jixiao.formats.source import UnreadableError, collector_paused

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path


__all__ = ["BookRead", "CellMap", "Imported", "finish", "import_workbook", "place", "read_book"]

_IGNORED_HEADERS = {
    clean_header(h) for h in ("自动核对", "类级合计", "收支情况所填", "核对结果", "说明")
}
"""Display-only headers the template writes beside the data (check panels, notes)."""
_MAX_MERGE_CELLS = 10_000


@dataclass
class _Fields:
    """A table sheet's columns as found: field path within the row's item → column letter."""

    sheet: str
    letters: dict[str, str]


class CellMap(Mapping[str, str]):
    """Field path → "sheet!A1": where each value of the model was read.

    Form cells are kept as they are (a few hundred); a table row is one sheet row number
    in its list's array, and its fields' columns are kept once per sheet. A path is the
    row's item ("projects[3]", column A of its row), a field of it ("projects[3].name")
    or a field's parent ("projects[3].budget", the first of its columns).
    """

    def __init__(self) -> None:
        self.fixed: dict[str, str] = {}
        self.lists: dict[str, tuple[_Fields, array[int]]] = {}
        self.singles: dict[str, tuple[_Fields, int]] = {}

    def _at(self, fields: _Fields, row: int, rest: str) -> str | None:
        if not rest:
            return f"{fields.sheet}!A{row}"
        letter = fields.letters.get(rest)
        return None if letter is None else f"{fields.sheet}!{letter}{row}"

    def _find(self, path: str) -> str | None:
        found = self.fixed.get(path)
        if found is not None:
            return found
        cut = path.rfind("[")
        close = path.find("]", cut)
        if cut > 0 and close > cut and (listed := self.lists.get(path[:cut])) is not None:
            index = path[cut + 1 : close]
            rest = path[close + 1 :]
            fields, rows = listed
            number = int(index) if index.isascii() and index.isdigit() else len(rows)
            if number < len(rows) and (not rest or rest[0] == "."):
                return self._at(fields, rows[number], rest[1:])
        base = path
        while self.singles:
            single = self.singles.get(base)
            if single is not None:
                return self._at(single[0], single[1], path[len(base) + 1 :])
            dot = base.rfind(".")
            if dot < 0:
                break
            base = base[:dot]
        return None

    def __getitem__(self, path: str) -> str:
        found = self._find(path)
        if found is None:
            raise KeyError(path)
        return found

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self._find(path) is not None

    def _paths(self) -> Iterator[str]:
        yield from self.fixed
        for list_path, (fields, rows) in self.lists.items():
            for i in range(len(rows)):
                yield f"{list_path}[{i}]"
                yield from (f"{list_path}[{i}].{rest}" for rest in fields.letters)
        for base, (fields, _row) in self.singles.items():
            yield base
            yield from (f"{base}.{rest}" for rest in fields.letters)

    def __iter__(self) -> Iterator[str]:
        return self._paths()

    def __len__(self) -> int:
        lists = sum(len(r) * (1 + len(f.letters)) for f, r in self.lists.values())
        return len(self.fixed) + lists + sum(1 + len(f.letters) for f, _ in self.singles.values())


@dataclass
class Imported:
    """The result: the (possibly partial) model, all problems, and the path → cell map."""

    submission: Submission | None
    problems: list[Problem]
    cells: Mapping[str, str] = field(default_factory=dict)
    file: str = ""

    def locate(self, problem: Problem) -> Problem:
        """A later problem (from the checks or scoring) pointed at its sheet!cell."""
        return place(self.file, self.cells, problem)


@dataclass
class _State:
    file: str
    book: Layout = SUBMISSION
    root: type[BaseModel] | None = None
    """The model the data becomes; each row of a sheet no other sheet refers to is
    validated as its list's item model as it is read (see `_as_item`)."""
    data: dict[str, Any] = field(default_factory=dict)
    cells: CellMap = field(default_factory=CellMap)
    problems: list[Problem] = field(default_factory=list)
    bad_paths: set[str] = field(default_factory=set)
    unread: dict[str, str] = field(default_factory=dict)
    """Path → the text of a cell that could not be read (kept for those who store input
    as typed, so a clerk's entry is shown back for correction, never dropped)."""
    keys: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """Table name → key (项目序号, 下属单位名称) → (list index, sheet row)."""
    key_reader: Callable[[object], Any] = field(default_factory=lambda: fast_reader(Kind.KEY))
    registered: dict[tuple[type, object], str] = field(default_factory=dict)
    """Each registered key's cell value (type, value) → the key it reads as: an owner cell
    (one per indicator row) holding the same value as its project's 序号 is looked up
    here, not read again; bounded by the rows of the key sheets, not by the owners."""

    given: dict[frozenset[str], set[str]] = field(default_factory=dict)
    """Each distinct set of fields given to a validated row, shared (see `_share`)."""
    recent: dict[type[BaseModel], set[str]] = field(default_factory=dict)
    """The shared set the last row of each model got: the next row's usually equals it."""
    nested: dict[tuple[Any, ...], BaseModel] = field(default_factory=dict)
    """A row's nested values (an indicator's target) → the model validated from them."""

    def report(self, code: str, cell: str, path: str = "", **params: Any) -> None:
        loc = Location(path=path, file=self.file, cell=cell)
        self.problems.append(make(code, loc, cell=cell, **params))

    def key(self, value: Any) -> str:
        """A 项目序号 / 下属单位名称 as compared between sheets."""
        found = self.registered.get((type(value), value))
        if found is not None:
            return found
        read = self.key_reader(value)
        return str(read_cell(value, Kind.KEY).value if read is SLOW else read)

    def remember(self, value: Any, key: str) -> None:
        """Note that a registered key's cell value reads as `key` (see `registered`).

        0.0 is left out: -0.0 is an equal dict key that reads as "-0".
        """
        if value or type(value) is not float:
            self.registered.setdefault((type(value), value), key)


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
        state.unread[path] = str(value).strip()
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


# --- rows as read: merged ranges, hidden rows, blank tails ------------------------------


@dataclass
class _Merge:
    """A merged range: 0-based top row, 1-based columns and last row, as listed."""

    order: int
    top: int
    min_col: int
    max_row: int
    max_col: int
    ref: str
    value: Any = None


class _Sheet:
    """A sheet's rows with merged ranges filled in, and what to say about its rows.

    Each merged range's top-left value is copied into its cells (with a warning), in the
    order the ranges are listed, as rows go by; hidden rows that hold data are noted;
    `finish` gives the notes once the last row is known, in their usual order.
    """

    def __init__(self, state: _State, rows: Rows, info: SheetInfo) -> None:
        self._file = state.file
        self._rows = rows
        self._info = info
        self._hidden_with_data: set[int] = set()
        self._merges: list[_Merge] = []
        for order, ref in enumerate(info.merged):
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except (TypeError, ValueError):
                continue
            if min_col is None or min_row is None or max_col is None or max_row is None:
                continue  # a whole-column or whole-row merge: nothing sensible to fill
            self._merges.append(_Merge(order, min_row - 1, min_col, max_row, max_col, ref))
        self._merges.sort(key=lambda m: (m.top, m.order))
        self._merge_notes: list[tuple[int, Problem]] = []

    def __iter__(self) -> Iterator[list[Any]]:
        if not self._merges and not self._info.hidden_rows:
            return iter(self._rows)  # nothing to fill or note: no generator per row
        return self._filled()

    def _filled(self) -> Iterator[list[Any]]:
        pending = self._merges
        start = 0
        active: list[_Merge] = []
        hidden = set(self._info.hidden_rows)
        for r, row in enumerate(self._rows):
            if start < len(pending) and pending[start].top == r:
                while start < len(pending) and pending[start].top == r:
                    active.append(pending[start])
                    start += 1
                active.sort(key=lambda m: m.order)
            if active:
                active = [m for m in active if r < m.max_row]
                row = self._fill(r, row, active)
            if hidden and r + 1 in hidden and row.count(None) != len(row):
                self._hidden_with_data.add(r + 1)
            yield row

    def _fill(self, r: int, row: list[Any], active: list[_Merge]) -> list[Any]:
        for merge in active:
            if r == merge.top:
                top = row[merge.min_col - 1] if merge.min_col - 1 < len(row) else None
                cells = (merge.max_row - merge.top) * (merge.max_col - merge.min_col + 1)
                if top is None or cells > _MAX_MERGE_CELLS:
                    merge.max_row = -1  # never fills
                    continue
                merge.value = top
                cell = _ref(self._info.name, r, merge.min_col - 1)
                loc = Location(file=self._file, cell=cell)
                note = make(
                    "excel.merged-cells", loc, cell=cell, range=merge.ref, value=str(top)[:40]
                )
                self._merge_notes.append((merge.order, note))
            elif merge.max_row < 0:
                continue
            row.extend([None] * (merge.max_col - len(row)))
            for c in range(merge.min_col - 1, merge.max_col):
                row[c] = merge.value
        return row

    def _note(self, code: str, cell: str, **params: Any) -> Problem:
        return make(code, Location(file=self._file, cell=cell), cell=cell, **params)

    def finish(self) -> list[Problem]:
        """The sheet's notes: merged ranges as listed, hidden rows, a long blank tail."""
        notes = [p for _order, p in sorted(self._merge_notes, key=lambda m: m[0])]
        info = self._info
        hidden = [r for r in info.hidden_rows if r > 1 and r in self._hidden_with_data]
        if hidden:
            shown = "、".join(map(str, hidden[:10])) + ("等" if len(hidden) > 10 else "")
            notes.append(
                self._note(
                    "excel.hidden-rows", f"{info.name}!A{hidden[0]}", sheet=info.name, rows=shown
                )
            )
        declared = info.dimension.split(":")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        last = self._rows.count
        extra = int(declared) - last if declared.isdigit() else 0
        if self._rows.stopped or extra >= EMPTY_RUN:
            notes.append(
                self._note(
                    "excel.blank-rows",
                    f"{info.name}!A{last + 1}",
                    sheet=info.name,
                    last=str(last),
                    count=str(max(extra, EMPTY_RUN)),
                )
            )
        return notes


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


@dataclass
class _Table:
    """One table sheet being read: its columns as found and the lists its rows went to."""

    sheet: TableSheet
    fields: _Fields
    lists: dict[str, tuple[Any, array[int] | None, type[BaseModel] | None]] = field(
        default_factory=dict
    )
    """List path → (the list or mapping in the data, its rows in the cell map, the model
    each row is validated as when read, if any)."""


def _owner_target(
    state: _State, sheet: TableSheet, value: Any, r: int, col: int
) -> tuple[str, bool] | None:
    """The list path a row belongs to (and whether it is a single mapping), or None.

    The owner cell is at 0-based (r, col); its name is spelled only for a problem.
    """
    owner = sheet.owner
    if owner is None or owner.kind == "key":
        return sheet.path, False
    if owner.kind == "scope":
        scope = "全部支出" if is_blank(value) else str(value).strip()
        if scope not in SCOPES:
            state.report(
                "excel.invalid-choice",
                _ref(sheet.name, r, col),
                header=owner.header,
                choices="、".join(SCOPES),
                value=scope,
            )
            return None
        return SCOPES[scope], False
    if is_blank(value):
        if owner.blank_path is None:
            state.report(
                "excel.bad-reference",
                _ref(sheet.name, r, col),
                header=owner.header,
                value="（空）",
                target="项目",
            )
            return None
        return owner.blank_path, owner.single
    key = state.key(value)  # a registered 序号's value is looked up, not read again
    table_name, base = (
        (state.book.projects.name, state.book.projects.path)
        if owner.kind == "project"
        else ("下属单位", "unit.sub_units")
    )
    found = state.keys.get(table_name, {}).get(key)
    if found is None:
        cell = _ref(sheet.name, r, col)
        state.report("excel.bad-reference", cell, header=owner.header, value=key, target=table_name)
        return None
    return f"{base}[{found[0]}].{owner.field}", owner.single


def _register_key(
    state: _State, sheet: TableSheet, value: Any, cell: str, row: int, index: int
) -> None:
    """Remember a row's 序号/名称 for other sheets; a repeat is reported, the first wins."""
    if is_blank(value):
        return
    key = state.key(value)
    state.remember(value, key)
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


class _Slot(NamedTuple):
    """A table column as found in this sheet: where it is and where its value goes.

    A tuple, unpacked in `_row_item`'s loop (3 million cells for a province's file).
    """

    col: int
    fast: Callable[[object], Any]
    key: str | None
    """The item's key when the value goes straight into the item (`keys` of one)."""
    keys: tuple[str, ...]
    column: Column
    letter: str


def _plan(sheet: TableSheet, cols: dict[str, int]) -> tuple[list[_Slot], _Fields]:
    """The input columns present in the sheet, worked out once per sheet, not per row.

    Also where each field is for the cell map: its path, and a parent path ("target" for
    "target.comparator") at the first column under it.
    """
    plan: list[_Slot] = []
    letters: dict[str, str] = {}
    for c in sheet.input_columns:
        if c.display not in cols:
            continue
        letter = get_column_letter(cols[c.display] + 1)
        keys = tuple(c.path.split("."))
        single = keys[0] if len(keys) == 1 else None
        plan.append(_Slot(cols[c.display], fast_reader(c.kind), single, keys, c, letter))
        letters.setdefault(c.path, letter)
        letters.setdefault(c.path.split(".")[0], letter)
    return plan, _Fields(sheet.name, letters)


def _row_item(
    state: _State,
    sheet: TableSheet,
    row: list[Any],
    r: int,
    plan: list[_Slot],
    base: str,
    index: int | None,
) -> dict[str, Any]:
    """A row's item; blank cells are left out, a cell that cannot be read is reported.

    The item's path is `base` (a single mapping) or `base[index]` (a list's item); it is
    spelled only for a cell that is reported.
    """
    item: dict[str, Any] = {}
    width = len(row)
    for col, fast, key, keys, column, letter in plan:
        value = row[col] if col < width else None
        if value is None:  # rows come with blanks as None
            continue
        if fast is fast_text:  # most cells: the reader's own test, without its call
            converted = value.strip() if value.__class__ is str else SLOW
        else:
            converted = fast(value)
        if converted is SLOW:
            cell = f"{sheet.name}!{letter}{r + 1}"
            item_path = base if index is None else f"{base}[{index}]"
            path = f"{item_path}.{column.path}"
            converted = _read(state, column.kind, value, cell, column.header, path)
            if converted is None:
                continue
        if key is not None:
            item[key] = converted
        else:
            target = item
            for part in keys[:-1]:
                target = target.setdefault(part, {})
            target[keys[-1]] = converted
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


def _blank_row(row: list[Any], blank_cols: list[int]) -> bool:
    width = len(row)
    for c in blank_cols:  # noqa: SIM110 - a loop that stops at the first value, per row
        if c < width and row[c] is not None:
            return False
    return True


def _destination(
    state: _State, table: _Table, list_path: str, single: bool
) -> tuple[Any, array[int] | None, type[BaseModel] | None]:
    """The list (or mapping) a row goes to, its rows in the cell map, and its item model.

    The item model is what each row is validated as when read (None: the row is left to
    the whole-model validation). Rows of a sheet that others refer to (项目, 下属单位) stay plain data: other sheets
    add to their lists later.
    """
    found = table.lists.get(list_path)
    if found is None:
        container = _container(state.data, list_path, single)
        rows: array[int] | None = None
        model = None
        if not single:
            rows = array("l")
            state.cells.lists[list_path] = (table.fields, rows)
            if state.root is not None and not table.sheet.key_header:
                model = paths.item_model(state.root, list_path)
        found = table.lists[list_path] = (container, rows, model)
    return found


def _share(state: _State, value: BaseModel) -> BaseModel:
    """The validated row with its set of given fields shared with every row like it.

    Why: pydantic keeps a set of the fields each instance was given (~730 bytes for an
    indicator's ten, ~220 for its target): 190 MB of 200,000 indicator rows, though
    they hold a handful of distinct sets. The models are frozen, so nothing adds to a
    set in place (pydantic copies it before `model_copy` updates it).
    """
    model = type(value)
    given = value.__pydantic_fields_set__
    shared = state.recent.get(model)
    if given is shared:
        return value  # shared already (a target validated once for many rows)
    if shared is None or given != shared:  # one comparison in C for the usual row
        shared = state.recent[model] = state.given.setdefault(frozenset(given), given)
    if shared is not given:
        object.__setattr__(value, "__pydantic_fields_set__", shared)
    for name in _model_fields(model):
        if name in given:
            inner = value.__dict__[name]
            if isinstance(inner, BaseModel):
                _share(state, inner)
    return value


def _models_in(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type):
        return {annotation} if issubclass(annotation, BaseModel) else set()
    return {m for arg in get_args(annotation) for m in _models_in(arg)}


@functools.cache
def _model_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that may hold a model (Indicator.target): looked at by `_share`."""
    return tuple(name for name, f in model.model_fields.items() if _models_in(f.annotation))


@functools.cache
def _nested_models(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel]], ...]:
    """The fields of `model` that hold one model (Indicator.target → Target), and that model."""
    found = ((name, _models_in(f.annotation)) for name, f in model.model_fields.items())
    return tuple((name, next(iter(models))) for name, models in found if len(models) == 1)


_NESTED_KEPT = 4096
"""Distinct nested values a read keeps validated (an indicator's 指标性质 and 指标值)."""


def _nested(state: _State, model: type[BaseModel], item: dict[str, Any]) -> None:
    """Each nested mapping of a row (an indicator's target) as the model it validates to.

    Why: a province's 200,000 targets hold a few hundred distinct (指标性质, 指标值)
    pairs; one validated model per distinct pair, shared by the rows (the models are
    frozen), costs less than validating each inside its row (1.39 → 1.09 s per 200,000
    rows) and keeps one object per pair. Keys are each value's type and text, since
    Decimal("100") equals Decimal("100.0") but shows otherwise; only text and Decimals
    are keyed. A mapping that does not validate stays as it is, for the row's own
    validation to report at its path.
    """
    for name, inner_model in _nested_models(model):
        inner = item.get(name)
        if inner.__class__ is not dict:
            continue
        values = [(k, v.__class__, str(v)) for k, v in inner.items()]
        key = (inner_model, *values)
        found = state.nested.get(key)
        if found is None:
            if not all(kind is str or kind is Decimal for _k, kind, _v in values):
                continue
            try:
                found = _share(state, inner_model.__pydantic_validator__.validate_python(inner))
            except ValidationError:
                continue
            if len(state.nested) < _NESTED_KEPT:
                state.nested[key] = found
        item[name] = found


def _as_item(state: _State, model: type[BaseModel] | None, item: dict[str, Any]) -> Any:
    """A row's item as its model when it is valid; otherwise the plain data, as read.

    Why: a province's workbook has 200,000 indicator rows; validated as it comes, each
    row's plain data is dropped at once instead of living beside the model until the end
    (that doubled the memory). The model's validation accepts an item that is already a
    model as it is, so the whole-model validation still sees, reports and prunes exactly
    the invalid rows, at the same paths, with the same messages.
    """
    if model is None:
        return item
    _nested(state, model, item)
    try:  # the validator itself: `model_validate` adds a Python call and no check
        return _share(state, model.__pydantic_validator__.validate_python(item))
    except ValidationError:
        return item


def _read_table(state: _State, sheet: TableSheet, rows: Iterable[list[Any]]) -> None:
    """Each row → an item of its list, as the rows come (the header row first)."""
    stream = iter(rows)
    header = next(stream, [])
    known = {clean_header(h): h for h in sheet.headers()}
    cols = _header_map(state, sheet.name, header, known, "列")
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
    plan, fields = _plan(sheet, cols)
    table = _Table(sheet, fields)
    blank_cols = _blank_test(sheet, cols)
    # The owner cell repeats down a project's rows (its 项目序号 on each indicator row):
    # the last owner value read is remembered with where its rows go, so a row with the
    # same value is placed without reading it again. Only a value that placed a row is
    # remembered (a bad one is reported on each row), and never 0.0 (-0.0 is equal to
    # it but reads as "-0").
    last_owner: tuple[type, object] | None = None
    placed_last: tuple[str, bool, Any, array[int] | None, type[BaseModel] | None] | None = None
    for r, row in enumerate(stream, start=1):
        if _blank_row(row, blank_cols):
            continue
        owner_value = None if owner_col is None or owner_col >= len(row) else row[owner_col]
        owner = (type(owner_value), owner_value)
        if placed_last is not None and owner == last_owner:
            list_path, single, container, rows_of, model = placed_last
        else:
            placed = _owner_target(state, sheet, owner_value, r, owner_col or 0)
            if placed is None:
                continue
            list_path, single = placed
            container, rows_of, model = _destination(state, table, list_path, single)
            if owner_value or type(owner_value) is not float:
                last_owner = owner
                placed_last = (list_path, single, container, rows_of, model)
            else:
                placed_last = None
        if single:
            state.cells.singles.setdefault(list_path, (fields, r + 1))
            container.update(_row_item(state, sheet, row, r, plan, list_path, None))
            continue
        index = len(container)
        item = _row_item(state, sheet, row, r, plan, list_path, index)
        assert rows_of is not None
        rows_of.append(r + 1)
        if key_col is not None:
            value = row[key_col] if key_col < len(row) else None
            _register_key(state, sheet, value, _ref(sheet.name, r, key_col), r, index)
        container.append(_as_item(state, model, item))


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
                state.cells.fixed.setdefault(".".join(parts[:depth]), cell)
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


def _is_repeat(bad: set[str], problem: Problem, parents: set[str] | None = None) -> bool:
    """A validation problem for a cell already reported by the reader.

    That is: a bad cell's path is the problem's path or a part of it that ends where a
    field or an index begins ("projects[2].name" for "projects[2].name.x"); each such
    part is looked up, so this stays linear in problems however many cells were bad.
    With `parents` (the paths holding a bad cell as a direct field), a problem of the
    holder is a repeat too: a 指标值 that could not be read leaves its target without a
    value, and the reader has already said why.
    """
    path = problem.location.path
    if not problem.code.startswith("load.") or not bad:
        return False
    if parents is not None and path in parents:
        return True
    return path in bad or any(path[:i] in bad for i, ch in enumerate(path) if ch in ".[")


def _read_sheets(state: _State, package: Package, sheets: Sheets) -> None:
    for sheet in state.book.sheets:
        rows = sheets.rows(sheet.name)
        if rows is None:
            state.problems.append(
                make("excel.missing-sheet", Location(file=state.file), sheet=sheet.name)
            )
            continue
        info = package.sheets.get(sheet.name, SheetInfo(sheet.name, ""))
        filled = _Sheet(state, rows, info)
        if isinstance(sheet, TableSheet):
            mark = len(state.problems)
            _read_table(state, sheet, filled)
            state.problems[mark:mark] = filled.finish()  # the sheet's notes come first
        else:
            grid = Grid(list(filled))
            state.problems += filled.finish()
            _read_form(state, sheet, grid)


@dataclass
class BookRead:
    """A workbook read by a layout, before its model is built: plain data and where from."""

    file: str
    data: dict[str, Any]
    problems: list[Problem]
    cells: CellMap
    bad_paths: set[str]
    unread: dict[str, str]


def read_book(
    path: Path,
    book: Layout,
    backend: str = "auto",
    root: type[BaseModel] | None = None,
    *,
    max_cells: int | None = None,
) -> BookRead:
    """Every sheet of `book` read into plain data, each problem at its sheet!cell.

    The safety scan (`safety.inspect`) bounds every sheet by the layout's extents, and
    the value cells by `max_cells` when given, before any reader runs. A reader that fails part-way is dropped with all it read, and the
    next one reads the file afresh. Given the `root` model, rows are validated as they
    are read where they can be (`_as_item`); the data is then partly models.

    Raises:
        UnreadableError: the file cannot be opened at all (not a workbook, encrypted,
            a bomb, values far outside the layout …).
    """
    package: Package = inspect(path, book.extents(), max_cells=max_cells)
    reasons: list[str] = []
    for name in attempts(backend):
        state = _State(file=str(path), book=book, root=root)
        if package.macros:
            state.problems.append(make("excel.macros", Location(file=state.file)))
        try:
            with Sheets(path, name) as sheets:
                _read_sheets(state, package, sheets)
        except ReaderFailed as exc:
            reasons.append(str(exc))
            continue
        return BookRead(
            state.file, state.data, state.problems, state.cells, state.bad_paths, state.unread
        )
    raise UnreadableError(
        make("excel.unreadable", Location(file=str(path)), reason="；".join(reasons))
    )


def finish(read: BookRead, later: Iterable[Problem]) -> list[Problem]:
    """The reader's problems and the model's, placed at their cells, in the usual order.

    A model problem about a cell the reader already reported is left out (one cell, one
    problem).
    """
    bad = read.bad_paths
    parents = {path.rpartition(".")[0] for path in bad if "." in path}
    found = read.problems + [
        place(read.file, read.cells, p) for p in later if not _is_repeat(bad, p, parents)
    ]
    return sort_problems(found)


def import_workbook(path: Path, backend: str = "auto", *, max_cells: int | None = None) -> Imported:
    """Read and validate a workbook; the checks run later, in the pipeline's `evaluate`.

    Raises UnreadableError only when the file cannot be opened at all (not a workbook,
    encrypted, a bomb, more value cells than the caller's `max_cells` …); everything
    else is a problem in the result. `Imported.locate`
    points any later problem (a check's, a score's) at its cell.
    """
    with collector_paused():  # millions of small objects: see `collector_paused`
        read = read_book(path, SUBMISSION, backend, root=Submission, max_cells=max_cells)
        submission, problems = build_submission(read.data)
        read.data = {}  # the model holds the values now
    return Imported(submission, finish(read, problems), read.cells, read.file)


def column_of(sheet: TableSheet, header: str) -> Column:
    """A table column by header (used by tests and the writer)."""
    for column in sheet.columns:
        if column.header == header:
            return column
    raise KeyError(header)
