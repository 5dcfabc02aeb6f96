"""Field paths ("projects[2].indicators[0].actual") and their Chinese labels.

A path is how every problem points into the model, whatever the input format was; the
loader maps paths to file lines and the Excel importer to sheet!cell. Labels come from the
model's field titles, so a message never spells a field name a finance officer would not.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

__all__ = ["Loc", "item_model", "join", "label", "parse", "resolve", "short_label"]

Loc = Sequence[str | int]
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def join(loc: Loc) -> str:
    """("projects", 2, "name") → "projects[2].name"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@lru_cache(maxsize=4096)
def parse(path: str) -> tuple[str | int, ...]:
    """Split a path: "projects[2].name" → ("projects", 2, "name").

    Cached: the Excel export resolves the same few column paths for every row.
    """
    return tuple(int(index) if index else name for name, index in _PART.findall(path))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    origin = get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Annotated):
        for arg in get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


@cache
def _field_info(model: type[BaseModel], name: str) -> tuple[str, type[BaseModel] | None]:
    field = model.model_fields.get(name)
    if field is None:
        return name, None
    return field.title or name, _model_in(field.annotation)


def label(root: type[BaseModel], path: str | Loc, *, readable: bool = False) -> str:
    """Chinese label of a path: "项目[第3项].三级指标" style, joined with "›".

    A name the model does not know stays as written (the CLI shows the data's own key);
    with `readable` (pages and reports) it becomes "其他项" and the label ends there, so a
    reader never sees a key or field path.
    """
    loc = parse(path) if isinstance(path, str) else tuple(path)
    model: type[BaseModel] | None = root
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            if parts:
                parts[-1] += f"第{part + 1}项"
            continue
        known = model is not None and part in model.model_fields
        if not known and readable:
            parts.append("其他项")
            break
        if model is None:
            parts.append(part)
            continue
        title, model = _field_info(model, part)
        parts.append(title)
    return "›".join(parts) if parts else "（整个文件）"


def item_model(root: type[BaseModel], path: str) -> type[BaseModel] | None:
    """The model of each item of the list field at `path`, or None when it is not one.

    "projects[3].indicators" → Indicator: what an importer can validate one row as.
    """
    return _item_model(root, _INDEX.sub("", path))


_INDEX = re.compile(r"\[\d+\]")


@lru_cache(maxsize=256)
def _item_model(root: type[BaseModel], names: str) -> type[BaseModel] | None:
    """`item_model` by field names alone ("projects.indicators"): one answer per list kind."""
    model: type[BaseModel] | None = root
    *parents, last = names.split(".")
    for name in parents:
        if model is None or name not in model.model_fields:
            return None
        model = _field_info(model, name)[1]
    if model is None or last not in model.model_fields:
        return None
    annotation = model.model_fields[last].annotation
    if get_origin(annotation) not in (tuple, list):
        return None
    return _model_in(annotation)


def resolve(obj: Any, path: str) -> Any:
    """The value at `path` in a model or plain data; KeyError if it is not there."""
    current = obj
    for part in parse(path):
        if isinstance(part, int):
            try:
                current = current[part]
            except (IndexError, TypeError):
                raise KeyError(path) from None
        elif isinstance(current, BaseModel):
            # a model's fields are its instance __dict__ (extras and private attributes are
            # kept elsewhere); the class's model_fields is a slow descriptor in pydantic 2.11+
            try:
                current = current.__dict__[part]
            except KeyError:
                raise KeyError(path) from None
        elif isinstance(current, dict):
            current = current[part]
        else:
            raise KeyError(path)
    return current


_GENERIC = {"合计", "金额", "全年执行数", "全年预算数", "年初预算数"}


def short_label(root: type[BaseModel], path: str | Loc) -> str:
    """The last part of a label, with its parent when the last alone is generic ("项目支出合计")."""
    parts = label(root, path).split("›")
    if len(parts) > 1 and parts[-1] in _GENERIC:
        return f"{parts[-2]}{parts[-1]}" if parts[-1] != "金额" else parts[-2]
    return parts[-1]
