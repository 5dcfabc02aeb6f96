"""Validate a review rules tree (plain data plus its line map) into `ReviewRules`.

Kept apart from the file loader (`jixiao.rules.review`) so the checks are pure and the
loader stays small. Like every jixiao stage it collects and does not throw: all problems
in a file come back at once, each with the file and line of the offending key (or of its
nearest ancestor when the key is missing), so a region fixes its file in one pass.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jixiao.core import paths
from jixiao.core.model import Grade
from jixiao.core.problems import Location, Problem, make
from jixiao.review.rules import (
    FACTORS,
    ApplicationRules,
    Basis,
    ExecutionBand,
    ExecutionBands,
    Factor,
    ReviewRules,
    SamplingRules,
    Treatment,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["STATUSES", "validate_rules"]

STATUSES = ("SEEN", "PRACTICE", "UNCONFIRMED")
_HUNDRED = Decimal(100)


def validate_rules(
    data: Any, lines: Mapping[str, int], file: Path
) -> tuple[ReviewRules | None, list[Problem]]:
    """The rules when the tree has no problem, and every problem found (file:line each)."""
    reader = _Reader(lines, file)
    rules = _review_rules(reader, data)
    return (None if reader.problems else rules), reader.problems


class _Reader:
    """Reads typed values out of a rules file, collecting problems with file:line."""

    def __init__(self, lines: Mapping[str, int], file: Path) -> None:
        self.lines = lines
        self.file = file
        self.problems: list[Problem] = []

    def loc(self, key: str) -> Location:
        """The line of `key`, or of its nearest ancestor when the key itself is missing."""
        parts = paths.parse(key)
        while parts and paths.join(parts) not in self.lines:
            parts = parts[:-1]
        return Location(file=str(self.file), line=self.lines.get(paths.join(parts)), path=key)

    def fail(self, key: str, reason: str) -> None:
        self.problems.append(
            make("rules.invalid", self.loc(key), name=self.file.name, reason=reason)
        )

    def mapping(self, value: Any, key: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(
            key, f"「{key or '顶层'}」应为键值结构" if value is not None else f"缺少「{key}」"
        )
        return None

    def basis(self, node: dict[str, Any], key: str) -> Basis:
        reference = node.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            self.problems.append(
                make("rules.missing-reference", self.loc(key), name=self.file.name, key=key)
            )
            reference = ""
        status = node.get("status")
        if status not in STATUSES:
            self.fail(
                f"{key}.status",
                f"「{key}.status」应为 {'/'.join(STATUSES)} 之一，实际为『{status}』",
            )
        return Basis(reference, str(status))

    def text(self, node: dict[str, Any], name: str, key: str) -> str:
        value = node.get(name)
        if isinstance(value, str) and value.strip():
            return value
        self.fail(f"{key}.{name}", f"「{key}.{name}」应为非空文字")
        return ""

    def number(
        self, node: dict[str, Any], name: str, key: str, *, low: Decimal | None = Decimal(0)
    ) -> Decimal | None:
        """A number written as text or a literal; `low` is the smallest allowed value."""
        where = f"{key}.{name}"
        value = node.get(name)
        if value is None:
            self.fail(where, f"缺少「{where}」")
            return None
        try:
            number = Decimal(str(value)) if not isinstance(value, bool) else Decimal("NaN")
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.fail(where, f"「{where}」应为数字，实际为『{value}』")
            return None
        if low is not None and number < low:
            self.fail(where, f"「{where}」不能小于{low}，实际为{number}")
            return None
        return number


def _review_rules(reader: _Reader, data: Any) -> ReviewRules | None:
    top = reader.mapping(data, "")
    if top is None:
        return None
    execution = _execution(reader, top.get("execution_buckets"))
    sampling = _sampling(reader, top.get("sampling"))
    application = _application(reader, top.get("application"))
    if execution is None or sampling is None or application is None:
        return None
    name = str(top.get("id") or reader.file.stem)
    return ReviewRules(name, str(top.get("title") or name), execution, sampling, application)


def _execution(reader: _Reader, value: Any) -> ExecutionBands | None:
    key = "execution_buckets"
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    missing = reader.text(node, "missing_label", key)
    raw = node.get("bands")
    if not isinstance(raw, list) or not raw:
        reader.fail(f"{key}.bands", f"「{key}.bands」应为至少一档的列表")
        return None
    bands = [_band(reader, item, f"{key}.bands[{i}]") for i, item in enumerate(raw)]
    if any(b is None for b in bands):
        return None
    checked = tuple(b for b in bands if b is not None)
    _check_band_order(reader, checked, f"{key}.bands")
    return ExecutionBands(checked, missing, basis)


def _band(reader: _Reader, value: Any, key: str) -> ExecutionBand | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    label = reader.text(node, "label", key)
    bounds = [name for name in ("lt", "le") if name in node]
    if len(bounds) > 1:
        reader.fail(key, f"「{key}」只能写 lt（低于）或 le（不高于）之一")
        return None
    if not bounds:
        return ExecutionBand(label, None)
    limit = reader.number(node, bounds[0], key, low=None)
    return None if limit is None else ExecutionBand(label, limit, bounds[0] == "le")


def _check_band_order(reader: _Reader, bands: tuple[ExecutionBand, ...], key: str) -> None:
    """Ascending limits, only the last open-ended: every rate then lands in exactly one band."""
    limits = [b.limit for b in bands]
    if limits[-1] is not None or None in limits[:-1]:
        reader.fail(key, "只有最后一档不写上限（lt/le），以容纳其余所有执行率")
        return
    bounded = [limit for limit in limits if limit is not None]
    if any(b <= a for a, b in pairwise(bounded)):
        reader.fail(key, "各档上限应从小到大排列且不重复")


def _sampling(reader: _Reader, value: Any) -> SamplingRules | None:
    key = "sampling"
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    bases: dict[str, Basis] = {}
    share = _setting(reader, node, "share", bases, high=Decimal(1))
    minimum = _setting(reader, node, "minimum", bases)
    must_check = _setting(reader, node, "must_check", bases)
    factors = _factors(reader, node.get("factors"), f"{key}.factors")
    if minimum is not None and minimum != minimum.to_integral_value():
        reader.fail(f"{key}.minimum.value", f"「{key}.minimum.value」应为整数，实际为{minimum}")
        return None
    if share is None or minimum is None or must_check is None or factors is None:
        return None
    return SamplingRules(share, int(minimum), must_check, factors, basis, bases)


def _setting(
    reader: _Reader,
    parent: dict[str, Any],
    name: str,
    bases: dict[str, Basis],
    *,
    high: Decimal | None = None,
) -> Decimal | None:
    """A `sampling.{name}: {value, reference, status}` entry; `high` is the largest allowed."""
    where = f"sampling.{name}"
    node = reader.mapping(parent.get(name), where)
    if node is None:
        return None
    bases[name] = reader.basis(node, where)
    value = reader.number(node, "value", where)
    if value is not None and high is not None and value > high:
        reader.fail(f"{where}.value", f"「{where}.value」不能大于{high}，实际为{value}")
        return None
    return value


def _factors(reader: _Reader, value: Any, key: str) -> dict[str, Factor] | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    for name in node:
        if name not in FACTORS:
            reader.fail(
                f"{key}.{name}", f"未知的风险因素「{name}」；可用的有：{'、'.join(FACTORS)}"
            )
    factors = {name: _factor(reader, node.get(name), f"{key}.{name}") for name in FACTORS}
    done = {name: f for name, f in factors.items() if f is not None}
    return done if len(done) == len(FACTORS) else None


def _factor(reader: _Reader, value: Any, key: str) -> Factor | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    weight = reader.number(node, "weight", key)
    threshold = reader.number(node, "threshold", key)
    cap = reader.number(node, "cap", key) if "cap" in node else None
    if weight is None or threshold is None or ("cap" in node and cap is None):
        return None
    return Factor(weight, threshold, cap, basis)


def _application(reader: _Reader, value: Any) -> ApplicationRules | None:
    key = "application"
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    grades = reader.mapping(node.get("grades"), f"{key}.grades")
    ungraded = _treatment(reader, node.get("ungraded"), f"{key}.ungraded", "")
    if grades is None:
        return None
    treatments = _grade_treatments(reader, grades, f"{key}.grades")
    if ungraded is None or treatments is None:
        return None
    return ApplicationRules(treatments, ungraded, basis)


def _grade_treatments(
    reader: _Reader, grades: dict[str, Any], key: str
) -> dict[str, Treatment] | None:
    """One treatment per grade, keyed 优/良/中/差 (优秀 etc. accepted, as in submissions)."""
    seen: dict[str, Treatment | None] = {}
    for name, item in grades.items():
        try:
            grade = Grade.parse(name).value
        except ValueError as exc:
            reader.fail(f"{key}.{name}", str(exc))
            continue
        if grade in seen:
            reader.fail(f"{key}.{name}", f"等级「{grade}」写了两次")
        seen[grade] = _treatment(reader, item, f"{key}.{name}", grade)
    missing = [g.value for g in Grade if g.value not in seen]
    if missing:
        reader.fail(
            key, f"缺少等级「{'、'.join(missing)}」的处理意见；须为 优/良/中/差 四档各写一项"
        )
    done = {grade: t for grade, t in seen.items() if t is not None}
    return done if len(done) == len(Grade) and not missing else None


def _treatment(reader: _Reader, value: Any, key: str, grade: str) -> Treatment | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    text = reader.text(node, "treatment", key)
    if "change_percent" not in node:
        return Treatment(grade, text, None, basis)
    where = f"{key}.change_percent"
    change = reader.mapping(node["change_percent"], where)
    if change is None:
        return None
    change_basis = reader.basis(change, where)
    percent = reader.number(change, "value", where, low=-_HUNDRED)
    return None if percent is None else Treatment(grade, text, percent, basis, change_basis)
