"""Review rules (rules/review/*.yaml): dashboard buckets, spot-check weights, 结果应用.

These differ by region and year, so they are data read by the one rule reader: the
built-in `default` file loads through the same code as a region's (a directory on
JIXIAO_RULES_PATH with a `review/` sub-folder, or a file path), and every problem in a
file is reported at once with its file and line. The records are `core.review_rules`.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jixiao.core.model import Grade
from jixiao.core.review_rules import (
    FACTORS,
    ApplicationRules,
    ExecutionBand,
    ExecutionBands,
    Factor,
    ReviewRules,
    SamplingRules,
    Treatment,
)
from jixiao.rules.reader import find_rule_file, for_region, load_rule_file, region_codes

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.core.basis import Basis
    from jixiao.rules.reader import RuleReader

__all__ = ["DEFAULT_REVIEW", "find_review_rules", "load_review_rules", "review_rules_for_region"]

DEFAULT_REVIEW = "default"
_HUNDRED = Decimal(100)


def find_review_rules(name_or_file: str = DEFAULT_REVIEW) -> Path:
    """A review rules file by id (file stem) on the search path, or a path to a file."""
    return find_rule_file("review", name_or_file)


def load_review_rules(name_or_file: str = DEFAULT_REVIEW) -> ReviewRules:
    """The review rules for an id or file, parsed once per file version.

    Raises:
        UnreadableError: the file is missing, unreadable or invalid; carries file:line problems.
    """
    return load_rule_file("review", name_or_file, _parse)


def review_id_for_region(code: str) -> str:
    """The review rules id of a region by its administrative code (4309 = 湖南益阳).

    A file states the regions it is for under `regions.codes` and the most specific one
    wins (`rules.reader.for_region`: a city's own before its province's), else the
    national `default`. So a Hunan unit's 结果应用 cites Hunan's documents, and a region
    adds its own file without code.
    """
    return for_region("review", code, DEFAULT_REVIEW)


def review_rules_for_region(code: str) -> ReviewRules:
    """The review rules that apply to a region (see `review_id_for_region`)."""
    return load_review_rules(review_id_for_region(code))


def _parse(reader: RuleReader) -> ReviewRules:
    return reader.required(_read(reader))


def _read(reader: RuleReader) -> ReviewRules | None:
    top = reader.top()
    if top is None:
        return None
    region_codes(reader)  # checked on every load, so a broken `regions` is never silent
    execution = _execution(reader, top.get("execution_buckets"))
    sampling = _sampling(reader, top.get("sampling"))
    application = _application(reader, top.get("application"))
    if execution is None or sampling is None or application is None:
        return None
    name = str(top.get("id") or reader.file.stem)
    return ReviewRules(name, str(top.get("title") or name), execution, sampling, application)


def _execution(reader: RuleReader, value: Any) -> ExecutionBands | None:
    key = "execution_buckets"
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    missing = reader.text(node, "missing_label", key)
    raw = reader.items(node.get("bands"), f"{key}.bands")
    if not raw:
        return None
    bands = [_band(reader, item, f"{key}.bands[{i}]") for i, item in enumerate(raw)]
    if any(b is None for b in bands):
        return None
    checked = tuple(b for b in bands if b is not None)
    _check_band_order(reader, checked, f"{key}.bands")
    return ExecutionBands(checked, missing, basis)


def _band(reader: RuleReader, value: Any, key: str) -> ExecutionBand | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    label = reader.text(node, "label", key)
    bounds = [name for name in ("lt", "le") if name in node]
    if len(bounds) > 1:
        reader.report("rules.bad-entry", key, shape="只写 lt（低于）或 le（不高于）之一")
        return None
    if not bounds:
        return ExecutionBand(label, None)
    limit = reader.number(node[bounds[0]], f"{key}.{bounds[0]}")
    return None if limit is None else ExecutionBand(label, limit, bounds[0] == "le")


def _check_band_order(reader: RuleReader, bands: tuple[ExecutionBand, ...], key: str) -> None:
    """Ascending limits, only the last open-ended: every rate then lands in exactly one band."""
    limits = [b.limit for b in bands]
    if limits[-1] is not None or None in limits[:-1]:
        reader.report(
            "rules.band-order", key, detail="只有最后一档不写上限（lt/le），以容纳其余所有执行率"
        )
        return
    bounded = [limit for limit in limits if limit is not None]
    if any(b <= a for a, b in pairwise(bounded)):
        reader.report("rules.band-order", key, detail="各档上限应从小到大排列且不重复")


def _sampling(reader: RuleReader, value: Any) -> SamplingRules | None:
    key = "sampling"
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    bases: dict[str, Basis] = {}
    share = _setting(reader, node, "share", bases, high=Decimal(1))
    minimum = _setting(reader, node, "minimum", bases, integer=True)
    must_check = _setting(reader, node, "must_check", bases)
    factors = _factors(reader, node.get("factors"), f"{key}.factors")
    if share is None or minimum is None or must_check is None or factors is None:
        return None
    return SamplingRules(share, int(minimum), must_check, factors, basis, bases)


def _setting(
    reader: RuleReader,
    parent: dict[str, Any],
    name: str,
    bases: dict[str, Basis],
    *,
    high: Decimal | None = None,
    integer: bool = False,
) -> Decimal | None:
    """A `sampling.{name}: {value, reference, status}` entry; `high` is the largest allowed."""
    where = f"sampling.{name}"
    node = reader.mapping(parent.get(name), where)
    if node is None:
        return None
    bases[name] = reader.basis(node, where)
    return reader.number(
        node.get("value"), f"{where}.value", low=Decimal(0), high=high, integer=integer
    )


def _factors(reader: RuleReader, value: Any, key: str) -> dict[str, Factor] | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    reader.unknown(node, key, FACTORS)
    factors = {name: _factor(reader, node.get(name), f"{key}.{name}") for name in FACTORS}
    done = {name: f for name, f in factors.items() if f is not None}
    return done if len(done) == len(FACTORS) else None


def _factor(reader: RuleReader, value: Any, key: str) -> Factor | None:
    node = reader.mapping(value, key)
    if node is None:
        return None
    basis = reader.basis(node, key)
    weight = reader.number(node.get("weight"), f"{key}.weight", low=Decimal(0))
    threshold = reader.number(node.get("threshold"), f"{key}.threshold", low=Decimal(0))
    cap = reader.number(node["cap"], f"{key}.cap", low=Decimal(0)) if "cap" in node else None
    if weight is None or threshold is None or ("cap" in node and cap is None):
        return None
    return Factor(weight, threshold, cap, basis)


def _application(reader: RuleReader, value: Any) -> ApplicationRules | None:
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
    reader: RuleReader, grades: dict[str, Any], key: str
) -> dict[str, Treatment] | None:
    """One treatment per grade, keyed 优/良/中/差 (优秀 etc. accepted, as in submissions)."""
    seen: dict[str, Treatment | None] = {}
    for name, item in grades.items():
        where = f"{key}.{name}"
        try:
            grade = Grade.parse(name).value
        except ValueError:
            reader.report("rules.bad-choice", where, allowed="优、良、中、差", value=name)
            continue
        if grade in seen:
            reader.report("rules.duplicate", where, what=f"等级「{grade}」写了两次")
        seen[grade] = _treatment(reader, item, where, grade)
    missing = [g.value for g in Grade if g.value not in seen]
    if missing:
        reader.report("rules.grade-set", key, detail=f"缺少：{'、'.join(missing)}")
    done = {grade: t for grade, t in seen.items() if t is not None}
    return done if len(done) == len(Grade) and not missing else None


def _treatment(reader: RuleReader, value: Any, key: str, grade: str) -> Treatment | None:
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
    percent = reader.number(change.get("value"), f"{where}.value", low=-_HUNDRED)
    return None if percent is None else Treatment(grade, text, percent, basis, change_basis)
