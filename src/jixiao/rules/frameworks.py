"""Scoring frameworks from YAML (rules/frameworks/*.yaml), validated with file:line problems.

A framework file states every weight, band, formula choice and threshold with its legal
reference, the fiscal years it applies to and how sure it is (SEEN / PRACTICE /
UNCONFIRMED, as in RULES.md). The built-in files load through the same code as a region's:
a directory on JIXIAO_RULES_PATH (with a `frameworks/` sub-folder) or a file path.
The result is plain frozen data (`jixiao.core.framework.Framework`) for the pure engine.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.core.framework import (
    Basis,
    ComputedIndicator,
    Framework,
    Kind,
    LeFormula,
    Level,
    OverPolicy,
    QualBand,
    QualDefault,
    Rounding,
    Rule,
    RuleKind,
    Status,
    Tier,
    UnitGroup,
)
from jixiao.core.grading import GradeBand, GradeBands
from jixiao.core.measures import DEPARTMENT_MEASURES, PROJECT_MEASURES
from jixiao.core.model import Grade
from jixiao.core.money import fmt_number
from jixiao.core.problems import Location, Problem, UnreadableError, make
from jixiao.formats.source import read_data
from jixiao.rules.profiles import search_path

if TYPE_CHECKING:
    from collections.abc import Sequence

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


def frameworks_by_kind(names: Sequence[str] = ()) -> dict[Kind, Framework]:
    """Frameworks by kind from ids or files; a kind not named gets its default.

    Raises `UnreadableError` (with file:line problems) when a framework cannot be loaded.
    """
    chosen = {fw.kind: fw for fw in (load_framework(name) for name in names)}
    chosen.setdefault(Kind.PROJECT, load_framework(DEFAULT_PROJECT))
    chosen.setdefault(Kind.DEPARTMENT, load_framework(DEFAULT_DEPARTMENT))
    return chosen


def find_framework(name_or_file: str) -> Path:
    """A framework by id (file stem) on the search path, or a path to a file."""
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
        return candidate
    for path in available_frameworks():
        if path.stem == name_or_file:
            return path
    names = "、".join(sorted({p.stem for p in available_frameworks()})) or "（无）"
    raise UnreadableError([make("rules.not-found", Location(), name=name_or_file, available=names)])


def available_frameworks() -> list[Path]:
    """Framework files on the search path; an earlier directory hides a later file of the same id."""
    seen: dict[str, Path] = {}
    for directory in search_path("frameworks"):
        for file in sorted(directory.glob("*.yaml")):
            seen.setdefault(file.stem, file)
    return sorted(seen.values(), key=lambda p: p.stem)


def load_framework(name_or_file: str) -> Framework:
    """The framework for an id or file; raises UnreadableError carrying file:line problems."""
    path = find_framework(name_or_file)
    framework, problems = _read_cached(str(path.resolve()), path.stat().st_mtime_ns, str(path))
    if framework is None:
        raise UnreadableError(list(problems))
    return framework


@cache
def _read_cached(
    resolved: str, mtime: int, shown: str
) -> tuple[Framework | None, tuple[Problem, ...]]:
    framework, problems = read_framework(Path(shown))
    return framework, tuple(problems)


def read_framework(path: Path) -> tuple[Framework | None, list[Problem]]:
    """Read and validate one file: the framework when it has no error, and every problem."""
    try:
        result = read_data(path)
    except UnreadableError as exc:
        return None, [exc.problem]
    reader = _Reader(result.data, result.lines, path)
    reader.problems += result.problems
    framework = reader.framework() if isinstance(result.data, dict) else None
    if framework is None and not reader.problems:
        reader.fail("", "顶层应为键值结构")
    return (None if reader.problems else framework), reader.problems


class _Reader:
    """Walks one framework file, collecting problems with the line of the offending key."""

    def __init__(self, data: Any, lines: dict[str, int], file: Path) -> None:
        self.data = data
        self.lines = lines
        self.file = file
        self.problems: list[Problem] = []
        self.bases: list[tuple[str, Basis]] = []
        self.standards: list[tuple[str, str]] = []

    # --- primitives ----------------------------------------------------------------

    def loc(self, key: str) -> Location:
        line = self.lines.get(key)
        probe = key
        while line is None and probe:
            probe = (
                probe.rsplit(".", 1)[0]
                if "." in probe
                else probe.split("[")[0]
                if "[" in probe
                else ""
            )
            line = self.lines.get(probe)
        return Location(file=str(self.file), line=line, path=key)

    def fail(self, key: str, reason: str) -> None:
        self.problems.append(
            make("rules.invalid", self.loc(key), name=self.file.name, reason=reason)
        )

    def unknown(self, key: str, formula: object, available: list[str]) -> None:
        self.problems.append(
            make(
                "scoring.framework-unknown-formula",
                self.loc(key),
                name=self.file.name,
                key=key,
                formula=str(formula),
                available="、".join(available),
            )
        )

    def node(self, parent: dict[str, Any], name: str, key: str) -> dict[str, Any]:
        value = parent.get(name)
        if not isinstance(value, dict):
            self.fail(key, f"缺少「{name}」一节（应为键值结构）")
            return {}
        return value

    def decimal(self, value: object, key: str) -> Decimal:
        try:
            number = Decimal(str(value)) if isinstance(value, str | int | Decimal) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.fail(key, f"「{key}」应为数字，实际为『{value}』")
            return Decimal(0)
        return number

    def basis(self, node: dict[str, Any], key: str, *, store: bool = True) -> Basis:
        """Read reference + years + status of a value; missing reference is its own code."""
        reference = node.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            self.problems.append(
                make(
                    "rules.missing-reference",
                    self.loc(key),
                    name=self.file.name,
                    key=key or "（框架）",
                )
            )
            reference = ""
        years = node.get("years")
        span = (0, 0)
        if isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years):
            span = (int(years[0]), int(years[1]))
        else:
            self.fail(
                f"{key}.years" if key else "years", "适用年度（years）应写成 [起始年, 截止年]"
            )
        status = node.get("status")
        if status not in {s.value for s in Status}:
            self.fail(
                f"{key}.status" if key else "status", "status 应为 SEEN、PRACTICE 或 UNCONFIRMED"
            )
            status = Status.UNCONFIRMED.value
        basis = Basis(str(reference).strip(), span, Status(status))
        if store and key:
            self.bases.append((key, basis))
        standard = node.get("standard")
        if isinstance(standard, str) and key:
            self.standards.append((key, standard.strip()))
        return basis

    def setting(self, parent: dict[str, Any], name: str, key: str) -> tuple[object, Basis]:
        node = self.node(parent, name, key)
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
        data: dict[str, Any] = self.data
        kind_text = data.get("kind")
        if kind_text not in {k.value for k in Kind}:
            self.fail("kind", "kind 应为 project（项目）或 department（部门整体）")
            return None
        kind = Kind(kind_text)
        for name in ("id", "title"):
            if not isinstance(data.get(name), str) or not data[name].strip():
                self.fail(name, f"缺少「{name}」")
        basis = self.basis(self.node(data, "basis", "basis"), "basis", store=False)
        max_node = self.node(data, "max_score", "max_score")
        max_score = self.decimal(max_node.get("value"), "max_score.value")
        self.basis(max_node, "max_score")
        levels = self.levels(data.get("levels"), kind, max_score)
        quant = self.node(data, "quantitative", "quantitative")
        for name in ("ge", "eq"):
            self.basis(self.node(quant, name, f"quantitative.{name}"), f"quantitative.{name}")
        le_formula = self.choice(
            quant, "le_formula", "quantitative.le_formula", LeFormula, LeFormula.INVERSE
        )
        le_key = f"quantitative.le.{le_formula.value}"
        self.bases.append((le_key, self.bases[-1][1]))
        self.standards += [(le_key, s) for k, s in self.standards if k == "quantitative.le_formula"]
        over = self.node(data, "over_achievement", "over_achievement")
        policy = self.choice(over, "policy", "over_achievement.policy", OverPolicy, OverPolicy.FULL)
        threshold, _ = self.setting(over, "threshold", "over_achievement.threshold")
        qual_node = self.node(data, "qualitative", "qualitative")
        self.basis(qual_node, "qualitative")
        qual_default = self.choice(
            qual_node, "default", "qualitative.default", QualDefault, QualDefault.TOP
        )
        tolerance, _ = self.setting(data, "stated_tolerance", "stated_tolerance")
        inflation = self.node(data, "inflation", "inflation")
        self.basis(inflation, "inflation")
        measure = inflation.get("measure")
        measures = PROJECT_MEASURES if kind is Kind.PROJECT else DEPARTMENT_MEASURES
        if measure not in measures:
            self.unknown("inflation.measure", measure, sorted(measures))
        rounding = self.choice(data, "rounding", "rounding", Rounding, Rounding.ROW)
        return Framework(
            id=str(data.get("id", self.file.stem)),
            title=str(data.get("title", "")),
            kind=kind,
            source=str(self.file),
            basis=basis,
            max_score=max_score,
            levels=levels,
            grade_bands=self.grade_bands(),
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

    def levels(self, raw: object, kind: Kind, max_score: Decimal) -> tuple[Level, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail("levels", "缺少一级指标（levels）列表")
            return ()
        levels = tuple(self.level(item, f"levels[{i}]", kind) for i, item in enumerate(raw))
        self.check_sum("levels", [lv.weight for lv in levels], max_score)
        return levels

    def level(self, raw: object, key: str, kind: Kind) -> Level:
        if not isinstance(raw, dict):
            self.fail(key, "一级指标应为键值结构")
            return Level("", Decimal(0), Basis("", (0, 0), Status.UNCONFIRMED))
        name = str(raw.get("name", ""))
        weight = self.decimal(raw.get("weight"), f"{key}.weight")
        basis = self.basis(raw, key)
        computed = tuple(
            self.computed(item, f"{key}.indicators[{i}]", kind)
            for i, item in enumerate(raw.get("indicators") or [])
        )
        unit = None
        if isinstance(raw.get("unit"), dict):
            unit = self.unit_group(
                raw["unit"],
                f"{key}.unit",
                weight - sum((c.weight for c in computed), Decimal(0)),
                basis,
            )
        if not computed and unit is None:
            self.fail(key, f"一级指标「{name}」既没有 indicators 也没有 unit")
        parts = [c.weight for c in computed] + ([unit.weight] if unit else [])
        self.check_sum(key, parts, weight)
        return Level(name, weight, basis, computed, unit)

    def unit_group(
        self, raw: dict[str, Any], key: str, remaining: Decimal, level_basis: Basis
    ) -> UnitGroup:
        match = raw.get("match")
        if not isinstance(match, list) or not match or not all(isinstance(m, str) for m in match):
            self.fail(f"{key}.match", "match 应为一级指标名称的列表，如 [产出指标, 产出]")
            match = []
        if "weight" in raw:
            weight = self.decimal(raw["weight"], f"{key}.weight")
            basis = self.basis(raw, key) if "reference" in raw else level_basis
        else:
            weight, basis = remaining, level_basis
        return UnitGroup(str(raw.get("name", "")), frozenset(match), weight, basis)

    def computed(self, raw: object, key: str, kind: Kind) -> ComputedIndicator:
        if not isinstance(raw, dict):
            self.fail(key, "指标应为键值结构")
            raw = {}
        measures = PROJECT_MEASURES if kind is Kind.PROJECT else DEPARTMENT_MEASURES
        measure = raw.get("measure")
        if measure not in measures:
            self.unknown(f"{key}.measure", measure, sorted(measures))
        weight = self.decimal(raw.get("weight"), f"{key}.weight")
        standard = raw.get("standard")
        if not isinstance(standard, str) or not standard.strip():
            self.fail(f"{key}.standard", "缺少评分标准（standard）文字")
        return ComputedIndicator(
            key=str(raw.get("key", key)),
            name=str(raw.get("name", "")),
            level2=str(raw.get("level2", "")),
            measure=str(measure),
            rule=self.rule(raw.get("rule"), f"{key}.rule", weight),
            weight=weight,
            standard=str(standard or "").strip(),
            basis=self.basis(raw, key),
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
        assert isinstance(raw, dict)
        if kind is RuleKind.DEDUCT_OVER:
            return Rule(
                kind,
                limit=self.decimal(raw.get("limit"), f"{key}.limit"),
                per_point=self.decimal(raw.get("per_point"), f"{key}.per_point"),
            )
        if kind in (RuleKind.TIERS_MIN, RuleKind.TIERS_MAX):
            bound = "min" if kind is RuleKind.TIERS_MIN else "max"
            tiers = []
            for i, tier in enumerate(raw.get("tiers") or []):
                tkey = f"{key}.tiers[{i}]"
                if not isinstance(tier, dict) or bound not in tier:
                    self.fail(tkey, f"分档应写成 {{{bound}: 数值, points: 分数}}")
                    continue
                points = self.decimal(tier.get("points"), f"{tkey}.points")
                if points > weight:
                    self.fail(tkey, f"分档得分{fmt_number(points)}超过指标分值{fmt_number(weight)}")
                tiers.append(Tier(self.decimal(tier[bound], f"{tkey}.{bound}"), points))
            if not tiers:
                self.fail(key, "分档规则至少要有一档")
            tiers.sort(key=lambda t: t.bound, reverse=kind is RuleKind.TIERS_MIN)
            return Rule(kind, tiers=tuple(tiers))
        return Rule(kind)

    def check_sum(self, key: str, parts: list[Decimal], expected: Decimal) -> None:
        actual = sum(parts, Decimal(0))
        if actual != expected:
            self.problems.append(
                make(
                    "scoring.framework-weights",
                    self.loc(key),
                    name=self.file.name,
                    key=key,
                    total=fmt_number(actual),
                    want=fmt_number(expected),
                )
            )

    def grade_bands(self) -> GradeBands:
        node = self.node(self.data, "grade_bands", "grade_bands")
        basis = self.basis(node, "grade_bands")
        bands: list[GradeBand] = []
        for i, raw in enumerate(node.get("bands") or []):
            try:
                bands.append(GradeBand(Grade.parse(raw["grade"]), Decimal(str(raw["min"]))))
            except (KeyError, TypeError, ValueError, ArithmeticError):
                self.fail(f"grade_bands.bands[{i}]", '等级分档应写成 {grade: 优, min: "90"}')
        if len({b.grade for b in bands}) != 4:
            self.fail("grade_bands.bands", "须为 优/良/中/差 四档各一")
        return GradeBands(tuple(bands), basis.reference)

    def qual_bands(self, raw: object) -> tuple[QualBand, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail("qualitative.bands", "缺少定性指标分档（bands）")
            return ()
        bands = []
        for i, item in enumerate(raw):
            key = f"qualitative.bands[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("grade"), str):
                self.fail(key, '定性分档应写成 {grade: 达成年度指标, min: "80", max: "100"}')
                continue
            low = self.decimal(item.get("min"), f"{key}.min")
            high = self.decimal(item.get("max"), f"{key}.max")
            aliases = frozenset(str(a) for a in item.get("aliases") or [])
            bands.append(QualBand(item["grade"], aliases, low, high, high == 100))
        edges = sorted((b.low, b.high) for b in bands)
        contiguous = all(a[1] == b[0] for a, b in pairwise(edges))
        if bands and (edges[0][0] != 0 or edges[-1][1] != 100 or not contiguous):
            self.fail("qualitative.bands", "定性分档应从0%到100%首尾相接，不重叠、不留空")
        return tuple(bands)
