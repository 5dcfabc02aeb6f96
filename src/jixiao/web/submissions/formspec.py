"""What the submission forms contain: inputs named by model path, grouped in sections.

Every problem points at a model path ("projects[2].indicators[0].actual"), so each input
is named by exactly that path and a click on a problem can jump to it. The inputs are
derived from `Submission` itself (titles, types, required-ness), so a new model field
shows up on the forms without touching a template. No Django here: the edit page, the
htmx "add row" fragment and the JSON API all read this one description, and it is
tested without a server. Turning posted values back into data lives in `formdata`.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from jixiao.core import paths
from jixiao.core.model import Grade, StatedGrade, Submission, Target
from jixiao.core.targets import parse_comparator
from jixiao.core.types import Count, Disclosable, Money, Quantity

if typing.TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from pydantic.fields import FieldInfo

__all__ = [
    "LOCKED_FIELDS",
    "MAX_FIELDS",
    "MAX_ITEMS",
    "MAX_PATH_CHARS",
    "MAX_UNIT_FIELDS",
    "MAX_VALUE_CHARS",
    "SECTIONS",
    "TEXTAREA_FIELDS",
    "FormError",
    "FormLimitError",
    "Group",
    "InputField",
    "InputKind",
    "ListNode",
    "Node",
    "Section",
    "Spec",
    "fields_of",
    "input_id",
    "is_under",
    "leaf_text",
    "lookup",
    "new_list_item",
    "offer_levels",
    "rendered_anchor",
    "section_by_key",
    "section_for",
    "section_tree",
]

InputKind = Literal["money", "decimal", "integer", "text", "textarea", "bool", "choice", "target"]

MAX_ITEMS = 250_000
"""Rows per list: as many as a workbook's table sheet may hold (`excel.layout.TABLE_ROWS`,
a test keeps them equal), so whatever the Excel import accepts can be edited here; the
list tabs show it a page at a time (`paging`)."""
MAX_VALUE_CHARS = 20_000
"""Characters per value: a long narrative section is a few thousand characters."""
MAX_FIELDS = 20_000
"""Inputs per post, which is per page: a page of 50 projects of ten indicators is ~6,000;
the largest unpaged tab a few hundred. Below Django's DATA_UPLOAD_MAX_NUMBER_FIELDS."""
MAX_UNIT_FIELDS = 500_000
"""Filled values of a whole submission imported on the web: about 5,000 projects of ten
indicators (a province's largest unit has 2,000, about 200,000 values: 15 s and 360 MB of
one request). Lower than what `jixiao import` reads (`excel.safety.MAX_CELLS`): the web
request also builds the forms' copy and checks the unit, and a 20,000-project workbook
(2 million values, 12 MB) took 130 s of CPU and 2.4 GB there — one such upload from any
unit editor would starve the server. Bigger files are refused with a Chinese message: the
upload gives this cap to the safety scan as its cap on value cells (`max_cells`), so such
a workbook is refused unread (0.5 s instead of 24.7 s CPU); `form_data` holds the values
read to it again."""
MAX_PATH_CHARS = 200
"""A real path is under 60 characters; longer names are garbage, refused before parsing."""

TEXTAREA_FIELDS = frozenset(
    {
        "functions", "goal", "outcome", "deviation_reason", "measures", "statement",
        "overview", "achievements", "problems", "result_application", "work_process",
        "fund_management", "project_management", "caption", "quote",
    }
)  # fmt: skip
"""Free-text fields (by model field name) that get a multi-line input; the only list."""

_HELP: dict[str, str] = {
    "money": "单位万元；也可写“120000元”“1.2亿元”",
    "target": "如“≥2000件”“≤90万元”“=100%”，定性指标写“定性”",
    "decimal": "数字，可带千分位逗号",
    "integer": "非负整数",
    "choice": "优/良/中/差",
}
LOCKED_FIELDS = frozenset({"fiscal_year", "unit.name"})
"""Inputs shown read-only: a submission's year and unit are fixed once it exists (the
save service pins them); a new year is a new submission."""
_LOCKED_HELP = "新建后不能修改；新的年度请在“我的自评”新建（可从上年复制）"
_DISCLOSABLE_HELP = "；涉密金额可填“未公开”"
_ACTUAL_HELP = "数值，或定性指标的完成情况（如“达成年度指标”）"


class FormError(Exception):
    """A path or value the forms cannot take; `message` is Chinese and names the field."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class FormLimitError(FormError):
    """A hard limit exceeded: the whole post is refused (a hostile or broken client)."""


@dataclass(frozen=True)
class Spec:
    """What the model says about one field: a leaf input (`kind`) or a sub-model/list."""

    name: str
    label: str
    kind: InputKind | None = None
    model: type[BaseModel] | None = None
    many: bool = False
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


class _Anchored:
    """The HTML id of a node: what a problem's jump link targets (`#id`)."""

    path: str

    @property
    def id(self) -> str:
        """`input_id(path)`."""
        return input_id(self.path)


@dataclass(frozen=True)
class InputField(_Anchored):
    """One input. `name` (the HTML name) equals `path`; `value` is the text as typed."""

    path: str
    name: str
    label: str
    kind: InputKind
    choices: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    value: str = ""
    locked: bool = False


@dataclass(frozen=True)
class Group(_Anchored):
    """A sub-model, or one list row, shown as a fieldset."""

    path: str
    label: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class ListNode(_Anchored):
    """A list: its bound rows, and a template row whose paths carry the `[*]` placeholder."""

    path: str
    label: str
    item: Group | InputField
    items: tuple[Group | InputField, ...] = ()
    min_items: int = 0
    max_items: int = MAX_ITEMS
    total: int | None = None
    """Rows of the whole list when `items` are one page of it (None: all rows shown)."""

    @property
    def size(self) -> int:
        """Rows of the whole list: what "N项" says and where "添加一行" appends."""
        return len(self.items) if self.total is None else self.total


Node = InputField | Group | ListNode


@dataclass(frozen=True)
class Section:
    """One tab of the edit page: the model subtrees (`roots`) it owns."""

    key: str
    title: str
    roots: tuple[str, ...]


def _section(key: str, title: str, roots: str) -> Section:
    return Section(key, title, tuple(roots.split()))


_EX = "finance.expenditure."
SECTIONS: tuple[Section, ...] = (
    _section("unit", "单位基本情况", "fiscal_year unit"),
    _section(
        "finance",
        "收支情况",
        f"finance.revenue {_EX}total {_EX}basic.total {_EX}basic.personnel {_EX}basic.public {_EX}project.total {_EX}by_account",
    ),
    _section(
        "classes",
        "经济分类",
        f"{_EX}basic.by_economic_class {_EX}project.by_economic_class {_EX}by_economic_class",
    ),
    _section(
        "budget", "预算执行", "finance.budget finance.carryover finance.payment finance.procurement"
    ),
    _section("three_public", "“三公”经费", "finance.three_public"),
    _section("projects", "项目支出", "projects"),
    _section("indicators", "部门整体绩效指标", "department_indicators"),
    _section("narrative", "文字说明", "narrative"),
    _section("report", "自评结论与报告", "self_evaluation report restatements schema_version"),
)
"""The tabs of the edit page, in order; together they cover every model field once."""
_SECTION = {s.key: s for s in SECTIONS}


# --- the model, read once ------------------------------------------------------------


def _submodel(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model inside an annotation, and whether it is a list (tuple) of them."""
    origin = get_origin(annotation)
    if origin is tuple:
        return _submodel(get_args(annotation)[0])[0], True
    if origin in (typing.Union, types.UnionType):
        for arg in get_args(annotation):
            found, _many = _submodel(arg)
            if found is not None:
                return found, False
        return None, False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def _validator(alias: Any) -> Any:
    return get_args(alias)[1].func


_KIND_BY_VALIDATOR: dict[Any, InputKind] = {
    _validator(Money): "money",
    _validator(Disclosable): "money",
    _validator(Quantity): "decimal",
    _validator(Count): "integer",
    _validator(StatedGrade): "choice",
}


def _validators(info: FieldInfo) -> list[Any]:
    metadata = [*info.metadata]
    for arg in get_args(info.annotation):
        metadata += getattr(arg, "__metadata__", ())
    return [getattr(m, "func", None) for m in metadata]


def _plain_kind(name: str, annotation: Any) -> InputKind:
    members = set(get_args(annotation)) or {annotation}
    if bool in members:
        return "bool"
    if int in members:
        return "integer"
    if Decimal in members:
        return "decimal"
    if any(isinstance(m, type) and issubclass(m, Enum) for m in members):
        return "choice"
    return "textarea" if name in TEXTAREA_FIELDS else "text"


def _leaf(name: str, info: FieldInfo, model: type[BaseModel] | None) -> Spec:
    validators = _validators(info)
    kind = next((_KIND_BY_VALIDATOR[v] for v in validators if v in _KIND_BY_VALIDATOR), None)
    if model is Target:
        kind = "target"
    kind = kind or _plain_kind(name, info.annotation)
    help_text = _HELP.get(kind, "")
    if _validator(Disclosable) in validators:
        help_text += _DISCLOSABLE_HELP
    if name == "actual":
        help_text = _ACTUAL_HELP
    choices = tuple(g.value for g in Grade) if kind == "choice" else ()
    return Spec(name, info.title or name, kind, None, False, info.is_required(), choices, help_text)


@cache
def _specs(model: type[BaseModel]) -> dict[str, Spec]:
    specs: dict[str, Spec] = {}
    for name, info in model.model_fields.items():
        sub, many = _submodel(info.annotation)
        if sub is not None and sub is not Target:
            specs[name] = Spec(name, info.title or name, None, sub, many, info.is_required())
        else:
            specs[name] = _leaf(name, info, sub)
    return specs


# --- paths ---------------------------------------------------------------------------

_PATH = re.compile(r"[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*", re.ASCII)
_TOKEN = re.compile(r"([A-Za-z_]\w*)|\[(\d+)\]", re.ASCII)


def _short(path: str) -> str:
    return path if len(path) <= 60 else path[:57] + "…"


def _unknown(path: str) -> FormError:
    return FormError(path, f"「{_short(path)}」不是表中的字段，未保存")


def _tokens(path: str) -> list[str | int]:
    if len(path) > MAX_PATH_CHARS or not _PATH.fullmatch(path):
        raise _unknown(path)
    out: list[str | int] = []
    for name, digits in _TOKEN.findall(path):
        if digits and len(digits) > 1 and digits.startswith("0"):
            raise _unknown(path)  # "[01]" would alias "[1]"
        out.append(name or (int(digits) if len(digits) <= 9 else 10**9))
    return out


def lookup(path: str) -> tuple[Spec, bool]:
    """The spec a concrete path names, and whether it names a list itself (no index yet).

    Raises:
        FormError: the model has no such field (typo, garbage, stale form).
        FormLimitError: a list index at or beyond `MAX_ITEMS`.
    """
    spec = Spec("", "", model=Submission)
    awaiting_index = False
    for token in _tokens(path):
        if isinstance(token, int):
            if not awaiting_index:
                raise _unknown(path)
            if token >= MAX_ITEMS:
                message = f"「{_short(path)}」的序号超过上限：每个列表最多{MAX_ITEMS:,}项"
                raise FormLimitError(path, message)
            awaiting_index = False
            continue
        if awaiting_index or spec.model is None or token not in _specs(spec.model):
            raise _unknown(path)
        spec = _specs(spec.model)[token]
        awaiting_index = spec.many
    return spec, awaiting_index


def input_id(path: str) -> str:
    """A CSS-safe, injective HTML id: "projects[2].name" → "f-projects-2-name".

    Model names never start with a digit nor contain "-", so index and name segments
    cannot be confused; any other string is hex-encoded under a different prefix.
    """
    if _PATH.fullmatch(path) and not re.search(r"\[0\d", path):
        return "f-" + path.replace("[", "-").replace("]", "").replace(".", "-")
    return "x-" + path.encode("utf-8").hex()


def section_by_key(key: str) -> Section:
    """The section with this key; KeyError for any other (a URL may carry anything)."""
    return _SECTION[key]


def section_for(path: str) -> Section | None:
    """The section (tab) whose inputs include `path`: where a problem's link leads.

    Asked for every problem of a unit (tens of thousands for a large one), so the answer
    is kept per path shape: row numbers never change which tab a path is on.
    """
    return _section_for_shape(_INDEX.sub("[]", path))


_INDEX = re.compile(r"\[\d+\]")


@lru_cache(maxsize=4096)
def _section_for_shape(path: str) -> Section | None:
    for section in SECTIONS:
        if any(is_under(path, root) for root in section.roots):
            return section
    return None


def is_under(path: str, root: str) -> bool:
    """Whether `path` is `root` or inside it (not merely sharing a prefix)."""
    return path == root or path.startswith((root + ".", root + "["))


def rendered_anchor(path: str, data: Mapping[str, Any]) -> str:
    """The id of `path`'s input, or of its nearest ancestor the edit page draws; "" if none.

    What the page draws follows from the model and the data alone: every field of a
    section's roots, and a list's rows that exist. So this walks the path once instead
    of building every tab's tree (3 s for 2,000 projects) to collect ids. A row of a
    paged list is drawn on its own page (`paging.page_of_row`).
    """
    try:
        tokens = _tokens(path)
    except FormError:
        return ""
    spec = Spec("", "", model=Submission)
    value: Any = data
    awaiting = False
    walked: list[str] = []
    found = ""
    drawn = False  # once a prefix is inside a tab's root, every longer one is too
    for token in tokens:
        if isinstance(token, int):
            if not awaiting or not isinstance(value, list) or token >= min(len(value), MAX_ITEMS):
                break
            value, awaiting = value[token], False
            walked.append(f"[{token}]")
        else:
            if awaiting or spec.model is None or token not in _specs(spec.model):
                break
            spec = _specs(spec.model)[token]
            value, awaiting = _child(value, token), spec.many
            walked.append(f".{token}" if walked else token)
        here = "".join(walked)
        drawn = drawn or section_for(here) is not None
        if drawn:
            found = input_id(here)
        if spec.kind is not None:
            break  # a leaf (a target too): nothing inside it is drawn
    return found


def fields_of(spec: Spec | None) -> dict[str, Spec]:
    """The field specs of a group or list spec (empty for leaves and unknown keys)."""
    return _specs(spec.model) if spec is not None and spec.model is not None else {}


# --- bound nodes ---------------------------------------------------------------------


def leaf_text(value: Any) -> str:
    """A stored leaf as the input shows it: text as typed, bools "true"/"", targets as text."""
    if value is None or value is False:
        return ""
    if value is True:
        return "true"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return _target_text(value)
    return str(value)


def _target_text(value: Mapping[str, Any]) -> str:
    """A Target as data ({comparator, value, text}) written the way units type it."""
    if value.get("text"):
        return str(value["text"])
    try:
        symbol = parse_comparator(str(value.get("comparator", ""))).symbol
    except ValueError:
        symbol = str(value.get("comparator", ""))
    return symbol if symbol == "定性" else f"{symbol}{leaf_text(value.get('value'))}"


def _child(data: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return data[key] if isinstance(data, list) and key < len(data) else None
    return data.get(key) if isinstance(data, dict) else None


LevelSource = typing.Callable[[str], "tuple[str, ...] | None"]
_LEVEL_SOURCE: list[LevelSource] = []
_LEVEL_HELP = "按计分框架选择；“成本指标”请选“产出指标”，二级指标选“成本指标”"


def offer_levels(source: LevelSource) -> None:
    """Install where an indicator's 一级/二级 choices come from (path → choices or None).

    The web app installs `levels.level_choices` (the scoring frameworks) when it starts;
    without a source the levels are free text, as in a plain data file.
    """
    _LEVEL_SOURCE[:] = [source]


def _field(spec: Spec, path: str, value: Any, label: str) -> InputField:
    assert spec.kind is not None
    text = leaf_text(value)
    levels = _LEVEL_SOURCE[0](path) if _LEVEL_SOURCE else None
    if levels is not None:
        tip = _LEVEL_HELP if path.endswith("level1") else ""
        return InputField(path, path, label, "choice", levels, spec.required, tip, text)
    if path in LOCKED_FIELDS:
        return InputField(path, path, label, spec.kind, (), False, _LOCKED_HELP, text, True)
    return InputField(path, path, label, spec.kind, spec.choices, spec.required, spec.help, text)


def _group(model: type[BaseModel], path: str, label: str, data: Any) -> Group:
    children = tuple(
        _node(spec, f"{path}.{name}", _child(data, name), spec.label)
        for name, spec in _specs(model).items()
    )
    return Group(path, label, children)


def _node(spec: Spec, path: str, data: Any, label: str, shown: Sequence[int] | None = None) -> Node:
    if spec.kind is not None:
        return _field(spec, path, data, label)
    assert spec.model is not None
    if not spec.many:
        return _group(spec.model, path, label, data)
    rows = data[:MAX_ITEMS] if isinstance(data, list) else []
    template = _row(spec, path, "*", None)
    if shown is None:
        items = tuple(_row(spec, path, i, row) for i, row in enumerate(rows))
        return ListNode(path, label, template, items)
    page = tuple(_row(spec, path, i, rows[i]) for i in shown if 0 <= i < len(rows))
    return ListNode(path, label, template, page, total=len(rows))


def _row(spec: Spec, list_path: str, index: int | str, data: Any) -> Group:
    assert spec.model is not None
    label = f"{spec.label}第{index + 1}项" if isinstance(index, int) else spec.label
    return _group(spec.model, f"{list_path}[{index}]", label, data)


def section_tree(
    key: str, data: Mapping[str, Any], shown: Sequence[int] | None = None
) -> list[Node]:
    """The bound inputs of one section; list rows expanded for the rows in `data`.

    `shown` limits a paged tab's list (`paging.paged_root`) to one page of row indices;
    the other rows are not built at all, which is what makes a 20,000-row list cheap.

    Raises:
        KeyError: no section has this key.
    """
    nodes: list[Node] = []
    for root in section_by_key(key).roots:
        spec, _is_list = lookup(root)
        value: Any = data
        for part in root.split("."):
            value = _child(value, part)
        parts = paths.label(Submission, root).split("›")
        nodes.append(_node(spec, root, value, "›".join(parts[1:] or parts), shown))
    return nodes


def new_list_item(list_path: str, index: int) -> Group | InputField:
    """An empty row for "add row": concrete paths at `index`, every value empty.

    Raises:
        FormError: `list_path` is not a list of the model.
        FormLimitError: `index` is at or beyond `MAX_ITEMS`.
    """
    spec, is_list = lookup(list_path)
    if not is_list:
        raise FormError(list_path, f"「{_short(list_path)}」不是可以添加行的列表")
    if not 0 <= index < MAX_ITEMS:
        raise FormLimitError(list_path, f"「{_short(list_path)}」最多{MAX_ITEMS:,}项，无法再添加")
    return _row(spec, list_path, index, None)
