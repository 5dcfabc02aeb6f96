"""Scoring frameworks from YAML (rules/frameworks/*.yaml), read by the one rule reader.

A framework file states every weight, formula choice and threshold with its legal
reference, the fiscal years it applies to and how sure it is (SEEN / PRACTICE /
UNCONFIRMED, as in RULES.md), and names its grade bands by id (rules/grades/). The
built-in files load through the same code as a region's: a directory on
JIXIAO_RULES_PATH (with a `frameworks/` sub-folder) or a file path. The result is plain
frozen data (`jixiao.core.framework.Framework`) for the pure engine.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from jixiao.core.basis import Basis, Status
from jixiao.core.framework import (
    ComputedIndicator,
    Framework,
    FrameworkKind,
    LeFormula,
    Level,
    OverPolicy,
    QualBand,
    QualDefault,
    Rounding,
    Rule,
    RuleKind,
    Tier,
    UnitGroup,
)
from jixiao.core.money import fmt_number
from jixiao.core.problems import UnreadableError, make
from jixiao.core.scoring.measures import DEPARTMENT_MEASURES, PROJECT_MEASURES
from jixiao.rules.grades import DEFAULT_GRADE_BANDS, grade_bands
from jixiao.rules.reader import RuleReader, available, find_rule_file, load_rule_file

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jixiao.core.grading import GradeBands
    from jixiao.core.problems import Problem

__all__ = [
    "DEFAULT_DEPARTMENT",
    "DEFAULT_PROJECT",
    "available_frameworks",
    "find_framework",
    "frameworks_by_kind",
    "load_framework",
    "read_framework",
]

DEFAULT_PROJECT = "national-2020-project"
DEFAULT_DEPARTMENT = "hunan-dept-overall"
_UNDATED = Basis("", Status.UNCONFIRMED, (0, 0))


def frameworks_by_kind(names: Sequence[str] = ()) -> dict[FrameworkKind, Framework]:
    """Frameworks by kind from ids or files; a kind not named gets its default.

    Raises `UnreadableError` (with file:line problems) when a framework cannot be loaded.
    """
    chosen = {fw.kind: fw for fw in (load_framework(name) for name in names)}
    chosen.setdefault(FrameworkKind.PROJECT, load_framework(DEFAULT_PROJECT))
    chosen.setdefault(FrameworkKind.DEPARTMENT, load_framework(DEFAULT_DEPARTMENT))
    return chosen


def find_framework(name_or_file: str) -> Path:
    """A framework by id (file stem) on the search path, or a path to a file."""
    return find_rule_file("frameworks", name_or_file)


def available_frameworks() -> list[Path]:
    """Framework files on the search path; an earlier directory hides a later file of the same id."""
    return list(available("frameworks").values())


def load_framework(name_or_file: str) -> Framework:
    """The framework for an id or file; raises UnreadableError carrying file:line problems."""
    return load_rule_file("frameworks", name_or_file, _parse)


def read_framework(path: Path) -> tuple[Framework | None, list[Problem]]:
    """Read and validate one file: the framework when it has no problem, and every problem."""
    try:
        return load_framework(str(path)), []
    except UnreadableError as exc:
        return None, exc.problems


def _parse(reader: RuleReader) -> Framework:
    return reader.required(_FrameworkParser(reader).framework())


class _FrameworkParser:
    """Parses one framework file through the rule reader, keeping the basis of every value."""

    def __init__(self, reader: RuleReader) -> None:
        self.r = reader
        self.bases: list[tuple[str, Basis]] = []
        self.standards: list[tuple[str, str]] = []

    # --- primitives ----------------------------------------------------------------

    def unknown(self, key: str, formula: object, available: Sequence[str]) -> None:
        r = self.r
        r.problems.append(
            make(
                "scoring.framework-unknown-formula",
                r.loc(key),
                name=r.file.name,
                key=key,
                formula=str(formula),
                available="、".join(available),
            )
        )

    def decimal(self, value: object, key: str) -> Decimal:
        number = self.r.number(value, key)
        return Decimal(0) if number is None else number

    def basis(self, node: dict[str, Any], key: str, *, store: bool = True) -> Basis:
        """Reference + years + status of a value, remembered under its key."""
        basis = self.r.basis(node, key, dated=True)
        if store and key:
            self.bases.append((key, basis))
        standard = node.get("standard")
        if isinstance(standard, str) and key:
            self.standards.append((key, standard.strip()))
        return basis

    def setting(self, parent: dict[str, Any], name: str, key: str) -> tuple[object, Basis]:
        node = self.r.section(parent, name, key)
        return node.get("value"), self.basis(node, key)

    def choice(self, parent: dict[str, Any], name: str, key: str, enum: Any, default: Any) -> Any:
        value, _ = self.setting(parent, name, key)
        try:
            return enum(value)
        except ValueError:
            self.unknown(f"{key}.value", value, [e.value for e in enum])
            return default

    # --- sections ------------------------------------------------------------------

    def framework(self) -> Framework | None:
        r = self.r
        data = r.top()
        if data is None:
            return None
        kind_text = r.choice(data.get("kind"), "kind", [k.value for k in FrameworkKind])
        if kind_text is None:
            return None
        kind = FrameworkKind(kind_text)
        for name in ("id", "title"):
            r.text(data, name, "")
        basis = self.basis(r.section(data, "basis"), "basis", store=False)
        max_node = r.section(data, "max_score")
        max_score = self.decimal(max_node.get("value"), "max_score.value")
        self.basis(max_node, "max_score")
        levels = self.levels(data.get("levels"), kind, max_score)
        quant = r.section(data, "quantitative")
        for name in ("ge", "eq"):
            key = f"quantitative.{name}"
            self.basis(r.section(quant, name, key), key)
        le_formula = self.choice(
            quant, "le_formula", "quantitative.le_formula", LeFormula, LeFormula.INVERSE
        )
        le_key = f"quantitative.le.{le_formula.value}"
        self.bases.append((le_key, self.bases[-1][1]))
        self.standards += [(le_key, s) for k, s in self.standards if k == "quantitative.le_formula"]
        over = r.section(data, "over_achievement")
        policy = self.choice(over, "policy", "over_achievement.policy", OverPolicy, OverPolicy.FULL)
        threshold, _ = self.setting(over, "threshold", "over_achievement.threshold")
        qual_node = r.section(data, "qualitative")
        self.basis(qual_node, "qualitative")
        qual_default = self.choice(
            qual_node, "default", "qualitative.default", QualDefault, QualDefault.TOP
        )
        tolerance, _ = self.setting(data, "stated_tolerance", "stated_tolerance")
        inflation = r.section(data, "inflation")
        self.basis(inflation, "inflation")
        measure = inflation.get("measure")
        measures = PROJECT_MEASURES if kind is FrameworkKind.PROJECT else DEPARTMENT_MEASURES
        if measure not in measures:
            self.unknown("inflation.measure", measure, sorted(measures))
        rounding = self.choice(data, "rounding", "rounding", Rounding, Rounding.ROW)
        return Framework(
            id=str(data.get("id", r.file.stem)),
            title=str(data.get("title", "")),
            kind=kind,
            source=str(r.file),
            basis=basis,
            max_score=max_score,
            levels=levels,
            grade_bands=self.grade_bands(data),
            qual_bands=self.qual_bands(qual_node.get("bands")),
            qual_default=qual_default,
            le_formula=le_formula,
            over_policy=policy,
            over_threshold=self.decimal(threshold, "over_achievement.threshold.value"),
            stated_tolerance=self.decimal(tolerance, "stated_tolerance.value"),
            inflation_threshold=self.decimal(inflation.get("threshold"), "inflation.threshold"),
            inflation_measure=str(measure),
            rounding=rounding,
            bases=tuple(self.bases),
            standards=tuple(self.standards),
        )

    def levels(self, raw: object, kind: FrameworkKind, max_score: Decimal) -> tuple[Level, ...]:
        items = self.r.items(raw, "levels")
        if not items:
            return ()
        levels = tuple(self.level(item, f"levels[{i}]", kind) for i, item in enumerate(items))
        self.check_sum("levels", [lv.weight for lv in levels], max_score)
        return levels

    def level(self, raw: object, key: str, kind: FrameworkKind) -> Level:
        node = self.r.mapping(raw, key)
        if node is None:
            return Level("", Decimal(0), _UNDATED)
        name = str(node.get("name", ""))
        weight = self.decimal(node.get("weight"), f"{key}.weight")
        basis = self.basis(node, key)
        computed = tuple(
            self.computed(item, f"{key}.indicators[{i}]", kind)
            for i, item in enumerate(self.r.items(node.get("indicators"), key, required=False))
        )
        unit = None
        if isinstance(node.get("unit"), dict):
            unit = self.unit_group(
                node["unit"],
                f"{key}.unit",
                weight - sum((c.weight for c in computed), Decimal(0)),
                basis,
            )
        if not computed and unit is None:
            self.r.report(
                "rules.inconsistent",
                key,
                detail=f"（一级指标「{name}」）既没有 indicators 也没有 unit",
            )
        parts = [c.weight for c in computed] + ([unit.weight] if unit else [])
        self.check_sum(key, parts, weight)
        return Level(name, weight, basis, computed, unit)

    def unit_group(
        self, raw: dict[str, Any], key: str, remaining: Decimal, level_basis: Basis
    ) -> UnitGroup:
        match = raw.get("match")
        if not isinstance(match, list) or not match or not all(isinstance(m, str) for m in match):
            self.r.report(
                "rules.bad-entry", f"{key}.match", shape="一级指标名称的列表，如 [产出指标, 产出]"
            )
            match = []
        if "weight" in raw:
            weight = self.decimal(raw["weight"], f"{key}.weight")
            basis = self.basis(raw, key) if "reference" in raw else level_basis
        else:
            weight, basis = remaining, level_basis
        moved = raw.get("moved", [])
        if not isinstance(moved, list) or not all(isinstance(m, str) for m in moved):
            self.r.report(
                "rules.bad-entry", f"{key}.moved", shape="二级指标名称的列表，如 [成本指标]"
            )
            moved = []
        return UnitGroup(
            str(raw.get("name", "")), frozenset(match), weight, basis, frozenset(moved) - set(match)
        )

    def computed(self, raw: object, key: str, kind: FrameworkKind) -> ComputedIndicator:
        node = self.r.mapping(raw, key) or {}
        measures = PROJECT_MEASURES if kind is FrameworkKind.PROJECT else DEPARTMENT_MEASURES
        measure = node.get("measure")
        if measure not in measures:
            self.unknown(f"{key}.measure", measure, sorted(measures))
        weight = self.decimal(node.get("weight"), f"{key}.weight")
        standard = self.r.text(node, "standard", key)
        return ComputedIndicator(
            key=str(node.get("key", key)),
            name=str(node.get("name", "")),
            level2=str(node.get("level2", "")),
            measure=str(measure),
            rule=self.rule(node.get("rule"), f"{key}.rule", weight),
            weight=weight,
            standard=standard,
            basis=self.basis(node, key),
        )

    def rule(self, raw: object, key: str, weight: Decimal) -> Rule:
        kind_text = raw.get("type") if isinstance(raw, dict) else raw
        try:
            kind = RuleKind(str(kind_text))
        except ValueError:
            self.unknown(
                f"{key}.type" if isinstance(raw, dict) else key,
                kind_text,
                [k.value for k in RuleKind],
            )
            return Rule(RuleKind.PROPORTIONAL)
        if not isinstance(raw, dict):
            return Rule(kind)
        if kind is RuleKind.DEDUCT_OVER:
            return Rule(
                kind,
                limit=self.decimal(raw.get("limit"), f"{key}.limit"),
                per_point=self.decimal(raw.get("per_point"), f"{key}.per_point"),
            )
        if kind in (RuleKind.TIERS_MIN, RuleKind.TIERS_MAX):
            return Rule(kind, tiers=self.tiers(raw, key, kind, weight))
        return Rule(kind)

    def tiers(
        self, raw: dict[str, Any], key: str, kind: RuleKind, weight: Decimal
    ) -> tuple[Tier, ...]:
        bound = "min" if kind is RuleKind.TIERS_MIN else "max"
        tiers = []
        for i, tier in enumerate(self.r.items(raw.get("tiers"), f"{key}.tiers")):
            tkey = f"{key}.tiers[{i}]"
            if not isinstance(tier, dict) or bound not in tier:
                self.r.report("rules.bad-entry", tkey, shape=f"{{{bound}: 数值, points: 分数}}")
                continue
            points = self.decimal(tier.get("points"), f"{tkey}.points")
            if points > weight:
                self.r.report(
                    "rules.out-of-range",
                    f"{tkey}.points",
                    limit=f"不能超过指标分值{fmt_number(weight)}",
                    value=fmt_number(points),
                )
            tiers.append(Tier(self.decimal(tier[bound], f"{tkey}.{bound}"), points))
        tiers.sort(key=lambda t: t.bound, reverse=kind is RuleKind.TIERS_MIN)
        return tuple(tiers)

    def check_sum(self, key: str, parts: list[Decimal], expected: Decimal) -> None:
        actual = sum(parts, Decimal(0))
        if actual != expected:
            r = self.r
            r.problems.append(
                make(
                    "scoring.framework-weights",
                    r.loc(key),
                    name=r.file.name,
                    key=key,
                    total=fmt_number(actual),
                    want=fmt_number(expected),
                )
            )

    def grade_bands(self, data: dict[str, Any]) -> GradeBands:
        """The band file the framework names (rules/grades/), whose basis becomes its own."""
        name = data.get("grade_bands", DEFAULT_GRADE_BANDS)
        if not isinstance(name, str) or not name.strip():
            self.r.report(
                "rules.wrong-type", "grade_bands", kind="等级分档文件的编号（如 national）"
            )
            name = DEFAULT_GRADE_BANDS
        try:
            bands = grade_bands(name.strip())
        except UnreadableError as exc:
            self.r.adopt(exc.problems, "grade_bands")
            bands = grade_bands(DEFAULT_GRADE_BANDS)
        if bands.basis is not None:
            self.bases.append(("grade_bands", bands.basis))
        return bands

    def qual_bands(self, raw: object) -> tuple[QualBand, ...]:
        shape = '{grade: 达成年度指标, min: "80", max: "100"}'
        bands = []
        for i, item in enumerate(self.r.items(raw, "qualitative.bands")):
            key = f"qualitative.bands[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("grade"), str):
                self.r.report("rules.bad-entry", key, shape=shape)
                continue
            low = self.decimal(item.get("min"), f"{key}.min")
            high = self.decimal(item.get("max"), f"{key}.max")
            aliases = frozenset(str(a) for a in item.get("aliases") or [])
            bands.append(QualBand(item["grade"], aliases, low, high, high == 100))
        edges = sorted((b.low, b.high) for b in bands)
        contiguous = all(a[1] == b[0] for a, b in pairwise(edges))
        if bands and (edges[0][0] != 0 or edges[-1][1] != 100 or not contiguous):
            self.r.report(
                "rules.band-order",
                "qualitative.bands",
                detail="应从0%到100%首尾相接，不重叠、不留空",
            )
        return tuple(bands)
