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
    AppliesTo,
    ComputedIndicator,
    Framework,
    FrameworkChoice,
    FrameworkKind,
    LeFormula,
    Level,
    MissingActual,
    OverPolicy,
    PerPoint,
    QualBand,
    QualDefault,
    QualEdges,
    Rounding,
    Rule,
    RuleKind,
    Tier,
    UnitGroup,
    WeightsMismatch,
    ZeroBudget,
)
from jixiao.core.money import fmt_number
from jixiao.core.problems import UnreadableError, make
from jixiao.core.scoring.engine import has_department_data
from jixiao.core.scoring.measures import DEPARTMENT_MEASURES, PROJECT_MEASURES
from jixiao.rules.grades import DEFAULT_GRADE_BANDS, grade_bands
from jixiao.rules.reader import (
    RuleReader,
    available,
    find_rule_file,
    load_rule_file,
    search_path,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jixiao.core.grading import GradeBands
    from jixiao.core.model import Submission
    from jixiao.core.problems import Problem

__all__ = [
    "DEFAULT_DEPARTMENT",
    "DEFAULT_PROJECT",
    "KIND_NAMES",
    "available_frameworks",
    "choose_frameworks",
    "find_framework",
    "frameworks_by_kind",
    "load_framework",
    "read_framework",
]

DEFAULT_PROJECT = "national-2020-project"
DEFAULT_DEPARTMENT = "hunan-dept-overall"
_UNDATED = Basis("", Status.UNCONFIRMED, (0, 0))
_DEFAULTED = "框架文件未写明此项，取 jixiao 的默认值（见 docs/scoring.md）"

OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("zero_budget", ZeroBudget, ZeroBudget.ZERO),
    ("missing_actual", MissingActual, MissingActual.ZERO),
    ("weights_mismatch", WeightsMismatch, WeightsMismatch.RESCALE),
    ("per_point", PerPoint, PerPoint.CONTINUOUS),
)
"""The open choices under `options:` (name, values, default when a region file omits one)."""


def frameworks_by_kind(names: Sequence[str] = ()) -> dict[FrameworkKind, Framework]:
    """Frameworks by kind from ids or files; a kind not named gets its default.

    Raises `UnreadableError` (with file:line problems) when a framework cannot be loaded.
    """
    chosen = {fw.kind: fw for fw in (load_framework(name) for name in names)}
    chosen.setdefault(FrameworkKind.PROJECT, load_framework(DEFAULT_PROJECT))
    chosen.setdefault(FrameworkKind.DEPARTMENT, load_framework(DEFAULT_DEPARTMENT))
    return chosen


KIND_NAMES = {FrameworkKind.PROJECT: "项目", FrameworkKind.DEPARTMENT: "部门整体"}
"""How a message names each kind of framework."""


def choose_frameworks(
    sub: Submission,
    named: Sequence[str] = (),
    region_set: Sequence[str] = (),
    *,
    project: str | None = None,
) -> tuple[list[FrameworkChoice], list[Problem]]:
    """The framework of each kind for a submission, why it was chosen, and what is missing.

    In order: a framework the caller names (`--framework`), one the bureau set for the
    unit's region (`region_set`, the web app's setting), else the one whose `applies_to`
    covers the fiscal year and region — a region's own file before a national one (the
    longest region name the unit's region contains), then a file on an earlier rules
    directory, then the later start year. A kind the submission needs (projects to score,
    department data) with no framework gets `scoring.no-framework`, never a silent default.

    Raises `UnreadableError` when a framework file cannot be read.
    """
    region = sub.unit.region.strip()
    kinds = [FrameworkKind.PROJECT] if project is not None else list(FrameworkKind)
    chosen: dict[FrameworkKind, FrameworkChoice] = {}
    for fw in (load_framework(name) for name in named):
        chosen[fw.kind] = FrameworkChoice(fw.kind, fw, "调用时指定")
    for fw in (load_framework(name) for name in region_set):
        reason = f"财政部门为地区「{region}」设定"
        chosen.setdefault(fw.kind, FrameworkChoice(fw.kind, fw, reason))
    problems: list[Problem] = []
    if all(k in chosen for k in kinds):
        return [chosen[k] for k in kinds], problems
    needed = {
        FrameworkKind.PROJECT: bool(sub.projects),
        FrameworkKind.DEPARTMENT: project is None and has_department_data(sub),
    }
    dirs = [d.resolve() for d in search_path("frameworks")]
    every = [
        (dirs.index(path.parent.resolve()) if path.parent.resolve() in dirs else len(dirs), fw)
        for path in available_frameworks()
        for fw in (load_framework(str(path)),)
    ]
    for kind in kinds:
        if kind in chosen:
            continue
        fits = [
            (fw.applies_to.specificity(region), -rank, fw.applies_to.years[0], fw.id, fw)
            for rank, fw in every
            if fw.kind is kind and fw.applies_to.covers(sub.fiscal_year, region)
        ]
        if fits:
            best = max(fits, key=lambda t: t[:4])[4]
            where = f"地区「{region}」" if region else "未填地区"
            reason = f"适用于{sub.fiscal_year}年度、{where}（框架适用范围：{best.applies_to.describe()}）"
            if best.applies_to.regions:
                reason += "；地区专用框架优先于全国框架"
            chosen[kind] = FrameworkChoice(kind, best, reason)
            continue
        chosen[kind] = FrameworkChoice(kind, None, "没有适用于本年度和地区的框架")
        if needed[kind]:
            others = "；".join(
                f"{fw.title}（{fw.applies_to.describe()}）" for _, fw in every if fw.kind is kind
            )
            problems.append(
                make(
                    "scoring.no-framework",
                    "fiscal_year",
                    year=sub.fiscal_year,
                    region=region or "未填",
                    kind=KIND_NAMES[kind],
                    what="各项目" if kind is FrameworkKind.PROJECT else "部门整体",
                    available=others or "（无）",
                )
            )
    return [chosen[k] for k in kinds], problems


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

    def option(self, parent: dict[str, Any], name: str, key: str, enum: Any, default: Any) -> Any:
        """An open choice: stated with its basis, or (region files) the default, UNCONFIRMED."""
        if name not in parent:
            self.bases.append((key, Basis(_DEFAULTED, Status.UNCONFIRMED)))
            return default
        return self.choice(parent, name, key, enum, default)

    def applies_to(self, data: dict[str, Any], basis: Basis) -> AppliesTo:
        """The years and regions the framework is for (default: its basis's years, 全国)."""
        node = data.get("applies_to")
        if node is None:
            return AppliesTo(basis.years or (0, 9999), (), basis)
        node = self.r.section(data, "applies_to")
        applies = self.basis(node, "applies_to")
        regions = node.get("regions") or []
        if not isinstance(regions, list) or not all(isinstance(x, str) and x for x in regions):
            self.r.report(
                "rules.bad-entry", "applies_to.regions", shape="地区名称的列表，如 [湖南]"
            )
            regions = []
        return AppliesTo(applies.years or (0, 0), tuple(regions), applies)

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
        document = r.text(data, "document", "", required=False)
        basis = self.basis(r.section(data, "basis"), "basis", store=False)
        applies_to = self.applies_to(data, basis)
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
        edges = self.option(
            qual_node, "endpoints", "qualitative.endpoints", QualEdges, QualEdges.LOWER
        )
        if "stated_tolerance" in data:
            r.report(
                "rules.unknown-key",
                "stated_tolerance",
                available="自评总分只允许按填报的小数位四舍五入，不再设容差",
            )
        options_node = data.get("options") or {}
        if not isinstance(options_node, dict):
            r.report("rules.wrong-type", "options", kind="键值结构")
            options_node = {}
        r.unknown(options_node, "options", [name for name, _, _ in OPTIONS])
        chosen = {
            name: self.option(options_node, name, f"options.{name}", enum, default)
            for name, enum, default in OPTIONS
        }
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
            document=document,
            applies_to=applies_to,
            max_score=max_score,
            levels=levels,
            grade_bands=self.grade_bands(data),
            qual_bands=self.qual_bands(qual_node.get("bands"), edges),
            qual_default=qual_default,
            le_formula=le_formula,
            over_policy=policy,
            over_threshold=self.decimal(threshold, "over_achievement.threshold.value"),
            inflation_threshold=self.decimal(inflation.get("threshold"), "inflation.threshold"),
            inflation_measure=str(measure),
            rounding=rounding,
            bases=tuple(self.bases),
            standards=tuple(self.standards),
            **chosen,
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

    def qual_bands(self, raw: object, shared: QualEdges) -> tuple[QualBand, ...]:
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
            if shared is QualEdges.LOWER:
                bands.append(QualBand(item["grade"], aliases, low, high, high == 100))
            else:
                bands.append(QualBand(item["grade"], aliases, low, high, True, low == 0))
        edges = sorted((b.low, b.high) for b in bands)
        contiguous = all(a[1] == b[0] for a, b in pairwise(edges))
        if bands and (edges[0][0] != 0 or edges[-1][1] != 100 or not contiguous):
            self.r.report(
                "rules.band-order",
                "qualitative.bands",
                detail="应从0%到100%首尾相接，不重叠、不留空",
            )
        return tuple(bands)
