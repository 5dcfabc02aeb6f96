"""Posted form values ↔ the stored data tree, and what changed between two trees.

The web app stores exactly what the unit typed (strings for numbers, so "abc" in a money
input is kept and reported by validation, not lost). A post is a flat list of
(path, text) pairs; `unflatten` rebuilds the tree, refusing paths the model does not
have. Limits: a value longer than `MAX_VALUE_CHARS`, an index at or beyond `MAX_ITEMS`
or more than `MAX_FIELDS` inputs raise `FormLimitError` and refuse the whole post —
only a hostile or broken client does that, and refusing all of it means nothing is half
saved; the unit's browser still holds what was typed. An unknown path is refused per
field (a `Rejected` record) so a stale form does not block saving everything else.
"""

from __future__ import annotations

import copy
import decimal
import itertools
import re
import typing
from dataclasses import dataclass
from typing import Any

from jixiao.core import paths
from jixiao.core.model import Submission
from jixiao.web.submissions.formspec import (
    MAX_FIELDS,
    MAX_ITEMS,
    MAX_PATH_CHARS,
    MAX_UNIT_FIELDS,
    MAX_VALUE_CHARS,
    FormError,
    FormLimitError,
    Spec,
    fields_of,
    is_under,
    leaf_text,
    lookup,
    section_by_key,
)

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = [
    "Change",
    "Rejected",
    "apply_value",
    "changed_paths",
    "describe_changes",
    "flatten",
    "form_data",
    "merge_rows",
    "merge_section",
    "unflatten",
]

Data = dict[str, Any]
_TRUE = frozenset({"on", "true", "1", "yes", "是"})
_FALSE = frozenset({"off", "false", "0", "no", "否"})


@dataclass(frozen=True)
class Rejected:
    """A posted input that was not stored, and why (Chinese, names the path)."""

    path: str
    message: str


@dataclass(frozen=True)
class Change:
    """One leaf that differs between two versions, for the history page."""

    path: str
    label: str
    old: str
    new: str


class _Rows(dict[int, Any]):
    """A list being rebuilt from indexed inputs; compacted in index order at the end."""


# --- tree → pairs --------------------------------------------------------------------


def flatten(data: Mapping[str, Any]) -> dict[str, str]:
    """Every non-empty leaf as path → text, unknown keys included so nothing is lost."""
    out: dict[str, str] = {}
    _flatten(out, "", data, Spec("", "", model=Submission))
    return out


def _flatten(out: dict[str, str], path: str, value: Any, spec: Spec | None) -> None:
    if isinstance(value, dict) and not (spec is not None and spec.kind == "target"):
        fields = fields_of(spec)
        for key, child in value.items():
            name = str(key)
            _flatten(out, f"{path}.{name}" if path else name, child, fields.get(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(out, f"{path}[{index}]", item, spec)
    else:
        text = leaf_text(value)
        if text:
            out[path] = text


# --- pairs → tree --------------------------------------------------------------------


def unflatten(
    items: Iterable[tuple[str, str]], *, max_fields: int | None = None
) -> tuple[Data, list[Rejected]]:
    """Rebuild the tree from posted pairs: empty values dropped, list rows compacted.

    `max_fields` (default `MAX_FIELDS`) is the cap of one post, one page of a tab; `form_data` rebuilds a whole
    imported unit, whose size it has already checked against the unit's own cap.

    Raises:
        FormLimitError: a hard limit was exceeded; nothing of the post may be stored.
    """
    return _unflatten(items, lambda _path: None, max_fields)


def _unflatten(
    items: Iterable[tuple[str, str]],
    refuse: Callable[[str], str | None],
    max_fields: int | None = None,
) -> tuple[Data, list[Rejected]]:
    tree, rejected = _build(items, refuse, max_fields)
    return _compact(tree), rejected


def _build(
    items: Iterable[tuple[str, str]],
    refuse: Callable[[str], str | None],
    max_fields: int | None = None,
) -> tuple[Data, list[Rejected]]:
    """The posted tree with lists still keyed by their posted (absolute) index."""
    tree: Data = {}
    stored: dict[str, Any] = {}
    rejected: list[Rejected] = []
    for count, (path, raw) in enumerate(items, start=1):
        _check_limits(count, path, raw, max_fields)
        try:
            spec, loc = _leaf(path)
        except FormLimitError:
            raise
        except FormError as error:
            rejected.append(Rejected(_shown(path), error.message))
            continue
        reason = refuse(path)
        if reason is not None:
            rejected.append(Rejected(path, reason))
            continue
        value = _convert(spec, raw)
        if value is None:
            continue
        if path in stored and value is not True:  # a tick wins over an earlier "false"
            if value != stored[path]:
                rejected.append(Rejected(path, f"「{_label(path)}」重复提交，已保留第一个值"))
            continue
        stored[path] = value
        _insert(tree, loc, value)
    return tree, rejected


def _shown(path: object) -> str:
    text = str(path)
    return text if len(text) <= MAX_PATH_CHARS else text[:MAX_PATH_CHARS] + "…"


def _check_limits(count: int, path: object, raw: object, max_fields: int | None = None) -> None:
    where = _shown(path)
    if max_fields is None:
        max_fields = MAX_FIELDS
    if count > max_fields:
        raise FormLimitError(where, f"一次提交的字段超过{max_fields}个（第{count}个为「{where}」）")
    if not isinstance(path, str) or not isinstance(raw, str):
        raise FormLimitError(where, f"「{where}」的名称或内容不是文字")
    if len(raw) > MAX_VALUE_CHARS:
        message = f"「{where}」的内容有{len(raw)}个字符，超过上限{MAX_VALUE_CHARS}个"
        raise FormLimitError(where, message)


def _leaf(path: str) -> tuple[Spec, tuple[str | int, ...]]:
    spec, is_list = lookup(path)
    if spec.kind is None or is_list:
        raise FormError(path, f"「{path}」是一组字段而不是一个输入框，未保存")
    return spec, paths.parse(path)


def _convert(spec: Spec, raw: str) -> Any:
    """The value to store, None for empty. Textareas keep their spacing (CRLF → LF)."""
    if spec.kind == "textarea":
        text = raw.replace("\r\n", "\n")
        return text if text.strip() else None
    text = raw.strip()
    if not text:
        return None
    if spec.kind == "bool":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        return None if lowered in _FALSE else text  # other text kept for validation to flag
    return text


def _insert(tree: Data, loc: tuple[str | int, ...], value: Any) -> None:
    node: Any = tree
    for part, following in itertools.pairwise(loc):
        node = node.setdefault(part, _Rows() if isinstance(following, int) else {})
    node[loc[-1]] = value


def _compact(node: Any) -> Any:
    if isinstance(node, _Rows):
        return [_compact(node[index]) for index in sorted(node)]
    if isinstance(node, dict):
        return {key: _compact(child) for key, child in node.items()}
    return node


# --- editing stored data -------------------------------------------------------------


def merge_section(
    data: Mapping[str, Any], key: str, items: Iterable[tuple[str, str]]
) -> tuple[Data, list[Rejected]]:
    """Replace exactly the section's subtrees with the post; other sections are kept.

    A list root is replaced whole, so rows removed in the page disappear.

    Raises:
        KeyError: no section has this key.
        FormLimitError: a hard limit was exceeded; nothing of the post may be stored.
    """
    section = section_by_key(key)

    def refuse(path: str) -> str | None:
        inside = any(is_under(path, root) for root in section.roots)
        return None if inside else f"「{path}」不属于「{section.title}」，未保存"

    posted, rejected = _unflatten(items, refuse)
    merged: Data = copy.deepcopy(dict(data))
    for root in section.roots:
        loc = tuple(root.split("."))
        _remove(merged, loc)
        new = _get(posted, loc)
        if new is not None:
            _put(merged, loc, new)
    return merged, rejected


def merge_rows(
    data: Mapping[str, Any], root: str, items: Iterable[tuple[str, str]], rows: Sequence[int]
) -> tuple[Data, list[Rejected], tuple[int, ...]]:
    """Replace the rows one page showed (`rows`, absolute indices) of the list at `root`.

    Rows of the page missing from the post were deleted on the page; posted rows at or
    past the stored list's end were added on the page and are appended in index order;
    every other row is kept as stored (shared, not copied: a 20,000-row list is not
    copied for a page of 50). An input of a row the page did not show is refused per
    field, as an input of another tab is. Returns the merged data, the refusals and the
    new indices of the page's rows (kept and added), for showing the page again.

    Raises:
        FormLimitError: a hard limit was exceeded; nothing of the post may be stored.
    """
    loc = tuple(root.split("."))
    stored = _get(data, loc)
    old: list[Any] = stored if isinstance(stored, list) else []
    shown = {index for index in rows if 0 <= index < len(old)}

    def refuse(path: str) -> str | None:
        if not is_under(path, root) or path == root:
            return f"「{_label(path)}」不属于本页，未保存"
        index = paths.parse(path)[len(loc)]
        if isinstance(index, int) and index < len(old) and index not in shown:
            return f"「{_label(path)}」不在本页，未保存（可能是在别的页面打开的旧表单）"
        return None

    tree, rejected = _build(items, refuse)
    posted = _get(tree, loc)
    page: dict[int, Any] = posted if isinstance(posted, dict) else {}
    merged_rows: list[Any] = []
    on_page: list[int] = []
    for index, row in enumerate(old):
        if index not in shown:
            merged_rows.append(row)
        elif index in page:
            on_page.append(len(merged_rows))
            merged_rows.append(_compact(page[index]))
    for index in sorted(i for i in page if i >= len(old)):
        on_page.append(len(merged_rows))
        merged_rows.append(_compact(page[index]))
    return _replaced(data, loc, merged_rows), rejected, tuple(on_page)


def _replaced(data: Mapping[str, Any], loc: tuple[str, ...], rows: list[Any]) -> Data:
    """`data` with the list at `loc` replaced, copying only the dicts on the way down."""
    out: Data = dict(data)
    node = out
    for part in loc[:-1]:
        child = node.get(part)
        node[part] = dict(child) if isinstance(child, dict) else {}
        node = node[part]
    if rows:
        node[loc[-1]] = rows
    else:
        node.pop(loc[-1], None)
    return out


def apply_value(data: Mapping[str, Any], path: str, value: str) -> Data:
    """One input's edit (API PATCH): same rules as a form post; empty removes the value.

    A row left with no values disappears, as it would on a form save.

    Raises:
        FormError: unknown path, or a row index past the end of its list.
        FormLimitError: a hard limit was exceeded.
    """
    _check_limits(1, path, value)
    spec, loc = _leaf(path)
    converted = _convert(spec, value)
    updated: Data = copy.deepcopy(dict(data))
    if converted is None:
        _remove(updated, loc)
    else:
        _put(updated, loc, converted, path)
    return updated


def _get(tree: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        try:
            tree = tree[part]
        except (KeyError, IndexError, TypeError):
            return None
    return tree


def _remove(tree: Data, loc: tuple[str | int, ...]) -> None:
    """Delete the value at loc, then every container left empty above it."""
    chain: list[tuple[Any, str | int]] = []
    node: Any = tree
    for part in loc:
        try:
            child = node[part]
        except (KeyError, IndexError, TypeError):
            return
        chain.append((node, part))
        node = child
    del chain[-1][0][chain[-1][1]]
    for parent, part in reversed(chain[:-1]):
        if parent[part] not in ({}, []):
            break
        del parent[part]


def _put(tree: Data, loc: tuple[str | int, ...], value: Any, path: str = "") -> None:
    node: Any = tree
    for part, following in itertools.pairwise(loc):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if part > len(node):
                raise FormError(path, f"「{path}」之前还有未填写的行（列表只有{len(node)}项）")
            if part == len(node):
                node.append(empty)
            elif not isinstance(node[part], type(empty)):
                node[part] = empty
        elif not isinstance(node.get(part), type(empty)):
            node[part] = empty
        node = node[part]
    if isinstance(loc[-1], int) and loc[-1] == len(node):
        node.append(value)
    else:
        node[loc[-1]] = value


# --- comparing versions --------------------------------------------------------------


def changed_paths(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Leaf paths added, removed or changed, in reading order (projects[2] before [10])."""
    before, after = flatten(old), flatten(new)
    keys = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return sorted(keys, key=_natural)


def _natural(path: str) -> list[tuple[int, str]]:
    # Digits compare by (length, text): natural order without int() of huge numbers.
    return [(len(t), t) if i % 2 else (0, t) for i, t in enumerate(re.split(r"(\d+)", path))]


def describe_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The changes with Chinese labels ("项目第2项›项目名称") and old/new text."""
    before, after = flatten(old), flatten(new)
    return [
        Change(path, _label(path), _value(path, before), _value(path, after))
        for path in changed_paths(old, new)
    ]


_PATH_VALUES = re.compile(r"^restatements\[\d+\]\.field$")
"""Fields whose value is itself a field path (`Restatement.field`): shown by its label."""


def _value(path: str, values: Mapping[str, Any]) -> Any:
    value = values.get(path, "")
    if value and isinstance(value, str) and _PATH_VALUES.match(path):
        return _label(value)
    return value


def _label(path: str) -> str:
    if len(path) > MAX_PATH_CHARS:
        return "其他项"
    return paths.label(Submission, path, readable=True)


def form_data(submission: Submission) -> Data:
    """A model as the web app stores it (strings for numbers, targets as typed text).

    Used when a YAML or Excel file is imported, so the forms show what the file said.

    Raises:
        FormLimitError: the file is bigger than the forms allow (`MAX_ITEMS` rows in a
            list, `MAX_UNIT_FIELDS` filled inputs, `MAX_VALUE_CHARS` in one value); the
            message names the place readably and the limit, for the uploading unit.
    """
    dumped = submission.model_dump(mode="json", exclude_defaults=True)
    flat = flatten(dumped)
    _check_file_size(dumped, flat)
    pairs = ((p, _money_text(p, v)) for p, v in flat.items())
    data, rejected = unflatten(pairs, max_fields=MAX_UNIT_FIELDS)
    assert not rejected, rejected  # a valid model only has model paths
    return data


def _check_file_size(dumped: Data, flat: Mapping[str, str]) -> None:
    """Refuse a file the forms cannot hold, naming the place by its label (one pass)."""
    for path, size in _long_lists("", dumped):
        message = f"「{_label(path)}」有{size:,}项，网页系统每个列表最多{MAX_ITEMS:,}项"
        raise FormLimitError(path, message)
    if len(flat) > MAX_UNIT_FIELDS:
        message = f"共有{len(flat):,}个已填写的栏目，网页系统一份自评最多{MAX_UNIT_FIELDS:,}个"
        raise FormLimitError("", message)
    for path, text in flat.items():
        if len(text) > MAX_VALUE_CHARS:
            message = (
                f"「{_label(path)}」有{len(text):,}个字符，网页系统每栏最多{MAX_VALUE_CHARS:,}个"
            )
            raise FormLimitError(path, message)


def _long_lists(path: str, value: Any) -> Iterable[tuple[str, int]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _long_lists(f"{path}.{key}" if path else str(key), child)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            yield path, len(value)
        for index, item in enumerate(value):
            yield from _long_lists(f"{path}[{index}]", item)


_CENTS = decimal.Decimal("0.01")


def _money_text(path: str, text: str) -> str:
    """Money from a file shown as 万元 with two decimals ("2680.5" → "2680.50").

    Only amounts with at most two decimals are padded; a file's third decimal is kept,
    so nothing the file said is rounded away.
    """
    if lookup(path)[0].kind != "money":
        return text
    try:
        value = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return text
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        return text
    return f"{value.quantize(_CENTS):f}"
