"""Plain data → Submission, with every validation error as a Problem.

The pipeline collects and does not throw (STYLE.md 2): all errors are reported at once,
and the offending values are pruned so the rest can still be checked (a partial model),
the way beancount keeps loading after a bad entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from jixiao.core import paths
from jixiao.core.model import Submission
from jixiao.core.money import MoneyError
from jixiao.core.problems import Location, Problem, make

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = ["SourceMap", "build_submission", "locate"]

SourceMap = Mapping[str, int]
"""Field path → 1-based line in the input file (from the YAML/JSON reader)."""

_MAX_PRUNE_ROUNDS = 6

_REASONS = {
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 是/否（true/false）",
    "bool_type": "应为 是/否（true/false）",
    "string_type": "应为文字",
    "model_type": "应为一组字段（键值结构）",
    "model_attributes_type": "应为一组字段（键值结构）",
    "dict_type": "应为一组字段（键值结构）",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "enum": "取值不在允许范围内",
    "literal_error": "取值不在允许范围内",
    "string_pattern_mismatch": "格式不符合要求",
    "string_too_short": "不能为空",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "decimal_parsing": "应为数字",
    "frozen_instance": "不可修改",
}


def locate(problem: Problem, source_map: SourceMap, file: str | None) -> Problem:
    """Attach file and line to a problem whose location has a field path.

    The line of the nearest enclosing path that the file has is used, so a missing field
    points at the mapping that should contain it.
    """
    loc = problem.location
    if loc.line is not None or (file is None and not source_map):
        return problem
    path = loc.path
    line = source_map.get(path)
    while line is None and path:
        path = paths.join(paths.parse(path)[:-1])
        line = source_map.get(path)
    return problem.moved(loc.in_file(file or loc.file, line))


def _describe_value(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else " ⏎ ".join(value.splitlines())
    return text if len(text) <= 40 else text[:37] + "…"


def _to_problem(
    error: ErrorDetails,
    model: type[BaseModel] = Submission,
    loc: tuple[str | int, ...] | None = None,
) -> Problem:
    if loc is None:
        loc = _error_loc(error)
    path = paths.join(loc)
    label = paths.label(model, loc)
    kind = error["type"]
    if kind == "missing":
        return make("load.missing-field", path, label=label)
    if kind == "extra_forbidden":
        return make("load.unknown-field", path, name=str(loc[-1]) if loc else "")
    message = str(error.get("msg", ""))
    reason = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if "负数" in reason:
        return make("load.negative-money", path, label=label, value=_describe_value(error["input"]))
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, MoneyError) and cause.wanted:
        return make(
            "load.not-a-number",
            path,
            label=label,
            wanted=cause.wanted,
            value=_describe_value(error["input"]),
        )
    if kind != "value_error":
        reason = _REASONS.get(kind, "填写有误")
    return make(
        "load.invalid-value",
        path,
        label=label,
        reason=reason,
        value=_describe_value(error["input"]),
    )


def _prune_target(loc: tuple[str | int, ...], missing: bool) -> tuple[str | int, ...]:
    """What to remove for an error: the value, or for a missing field the list item."""
    if missing:
        last_index = max((i for i, p in enumerate(loc) if isinstance(p, int)), default=None)
        return () if last_index is None else loc[: last_index + 1]
    return loc


def _sort_key(loc: tuple[str | int, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((p, "") if isinstance(p, int) else (-1, p) for p in loc)


def _prune(data: Any, targets: set[tuple[str | int, ...]]) -> bool:
    """Delete every target not inside another; higher list indices first.

    "Inside another" is a lookup of each target's prefixes (depth × n, not n²: 8,000
    invalid rows took two minutes inside a web save when every pair was compared).
    """
    outermost = {t for t in targets if t and not any(t[:k] in targets for k in range(1, len(t)))}
    removed = False
    for loc in sorted(outermost, key=_sort_key, reverse=True):
        parent: Any = data
        try:
            for part in loc[:-1]:
                parent = parent[part]
            del parent[loc[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        removed = True
    return removed


def _error_loc(error: ErrorDetails) -> tuple[str | int, ...]:
    # Pydantic adds union members and validator names to loc; keep only real fields.
    # (Two isinstance tests, not `str | int`, which builds a union object at every part.)
    return tuple(
        p
        for p in error["loc"]
        if isinstance(p, int) or (isinstance(p, str) and "[" not in p and "function-" not in p)
    )


def build_submission(data: Any) -> tuple[Submission | None, list[Problem]]:
    """Validate plain data; return the model (possibly partial) and all problems found.

    Problems come from the first round only (later rounds would repeat them with shifted
    indices); pruning just decides whether a partial model can still be built.
    """
    if not isinstance(data, dict):
        kind = "空文件" if data is None else type(data).__name__
        return None, [make("load.not-a-mapping", Location(), kind=kind)]
    problems: list[Problem] = []
    working = data
    for round_no in range(_MAX_PRUNE_ROUNDS):
        try:
            return Submission.model_validate(working), problems
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            locs = [_error_loc(e) for e in errors]
            if round_no == 0:
                problems = [_to_problem(e, loc=loc) for e, loc in zip(errors, locs, strict=True)]
                working = _containers_copied(data)
            targets = {
                _prune_target(loc, e["type"] == "missing")
                for e, loc in zip(errors, locs, strict=True)
            }
            if () in targets or not _prune(working, targets):
                break
    return None, problems


def _containers_copied(data: Any) -> Any:
    """A copy of the dicts and lists, sharing every other value, for pruning to delete from.

    Why not `copy.deepcopy`: pruning only deletes keys and items, and everything else in
    the data is immutable (text, numbers, dates, frozen models an importer validated row
    by row); copying 200,000 such rows deeply cost seconds and doubled the memory.
    """
    if isinstance(data, dict):
        return {key: _containers_copied(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_containers_copied(value) for value in data]
    return data


M = TypeVar("M", bound=BaseModel)


def validate_model(model: type[M], data: Any) -> tuple[M | None, list[Problem]]:
    """Validate plain data as any model of the core (target sets, monitoring rounds …).

    The same messages as a submission's, located by field path; no partial model: these
    records are small and filed whole, so one with problems is refused and listed.
    """
    if not isinstance(data, dict):
        kind = "空文件" if data is None else type(data).__name__
        return None, [make("load.not-a-mapping", Location(), kind=kind)]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_to_problem(e, model) for e in exc.errors(include_url=False)]
