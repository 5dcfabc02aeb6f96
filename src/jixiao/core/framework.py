"""A scoring framework as plain frozen data: levels, weights, rules and their legal basis.

Why plain dataclasses: the framework is read once (by `jixiao.rules.frameworks` from YAML)
and then applied to thousands of projects, so the engine must not re-validate or re-parse
anything in its loop; lookups it needs (indicator 一级 name → level) are precompiled here.
The core never reads files: a region's framework arrives here through the same loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from jixiao.core.basis import Basis, Status

if TYPE_CHECKING:
    from jixiao.core.grading import GradeBands
    from jixiao.core.model import Grade

__all__ = [
    "AppliesTo",
    "Basis",
    "ComputedIndicator",
    "Framework",
    "FrameworkChoice",
    "FrameworkKind",
    "LeFormula",
    "Level",
    "MissingActual",
    "OverPolicy",
    "PerPoint",
    "QualBand",
    "QualDefault",
    "QualEdges",
    "Rounding",
    "Rule",
    "RuleKind",
    "Status",
    "Tier",
    "UnitGroup",
    "WeightsMismatch",
    "ZeroBudget",
]


class FrameworkKind(StrEnum):
    """What a framework scores: one project's 自评表 or the department as a whole."""

    PROJECT = "project"
    DEPARTMENT = "department"


class RuleKind(StrEnum):
    """Point rules for figures the engine computes itself (RULES.md §1.4, §3.2)."""

    PROPORTIONAL = "proportional"
    DEDUCT_OVER = "deduct_per_point_over"
    TIERS_MIN = "tiers_min"
    TIERS_MAX = "tiers_max"


class LeFormula(StrEnum):
    """The two practices for "≤" indicators (RULES.md §1.5)."""

    INVERSE = "inverse"
    LINEAR_TO_DOUBLE = "linear_to_double"


class OverPolicy(StrEnum):
    """Over-achievement: keep full points (and warn) or deduct beyond the threshold."""

    FULL = "full"
    DEDUCT = "deduct"


class Rounding(StrEnum):
    """Where scores are rounded half-up to 0.01: each row (as the form shows it) or the total."""

    ROW = "row"
    TOTAL = "total"


class QualDefault(StrEnum):
    """Score of a qualitative indicator whose unit gave a grade but no score."""

    TOP = "top"
    BOTTOM = "bottom"


class ZeroBudget(StrEnum):
    """Execution score when the full-year budget A is 0: 0 points, or full when nothing was spent."""

    ZERO = "zero"
    FULL_IF_UNSPENT = "full_if_unspent"


class MissingActual(StrEnum):
    """An indicator without an actual: scores 0, or is dropped and its weight spread over the rest."""

    ZERO = "zero"
    RESCALE = "rescale"


class WeightsMismatch(StrEnum):
    """Unit weights that do not add up to the level: scaled to it (both ways), or scored as given.

    `as_allocated` scores each indicator by its own weight: unallocated points are lost
    (a row says so) and points allocated beyond the level are cut off at the level weight.
    """

    RESCALE = "rescale"
    AS_ALLOCATED = "as_allocated"


class PerPoint(StrEnum):
    """Reading "每超过1个百分点扣X分": every fraction of a point counts, or whole points only."""

    CONTINUOUS = "continuous"
    WHOLE = "whole"


class QualEdges(StrEnum):
    """Which band holds a shared edge (80%, 60%/50%) of the qualitative grades.

    `lower`: each band includes its lower edge (80% is 达成); `upper`: each includes its
    upper edge (80% is 部分达成), as "100–80%, 80–50%, 50–0%" may also be read.
    """

    LOWER = "lower"
    UPPER = "upper"


_CITED = ("quantitative.ge", "quantitative.eq", "qualitative", "over_achievement.policy")
"""Rule keys the engine's deductions cite besides the "≤" formula's (`Framework.cited`)."""

OPEN_ENDED = 2099
"""A last year this late means "until replaced" (the files write [2020, 2099])."""


@dataclass(frozen=True, slots=True)
class AppliesTo:
    """The fiscal years and regions a framework is for; no regions means every region (全国)."""

    years: tuple[int, int]
    regions: tuple[str, ...]
    basis: Basis

    def covers(self, year: int, region: str) -> bool:
        """Whether the framework applies to a submission of this year and region."""
        return self.years[0] <= year <= self.years[1] and (
            not self.regions or self.specificity(region) > 0
        )

    def specificity(self, region: str) -> int:
        """How closely the framework's regions name the unit's: the longest one it contains.

        0 for a national framework (or one whose regions do not match), so a region's own
        file always wins over a national one, and a city's over its province's.
        """
        return max((len(r) for r in self.regions if r and r in region), default=0)

    def describe(self) -> str:
        """Years and regions as text: 2020年起，湖南 or 2017–2019年，全国 (2099 = open-ended)."""
        shown = "、".join(self.regions[:3]) + (
            f"等{len(self.regions)}个地区" if len(self.regions) > 3 else ""
        )
        where = shown or "全国"
        first, last = self.years
        span = f"{first}年起" if last >= OPEN_ENDED else f"{first}–{last}年"
        return f"{span}，{where}"


@dataclass(frozen=True, slots=True)
class Tier:
    """One step of a tiered rule: the bound (a rate in %) and the points it earns."""

    bound: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class Rule:
    """How a computed rate becomes points; `limit`/`per_point` or `tiers` by kind."""

    kind: RuleKind
    limit: Decimal = Decimal(0)
    per_point: Decimal = Decimal(0)
    tiers: tuple[Tier, ...] = ()


@dataclass(frozen=True, slots=True)
class ComputedIndicator:
    """An indicator the framework defines and the engine computes from the unit's figures."""

    key: str
    name: str
    level2: str
    measure: str
    rule: Rule
    weight: Decimal
    standard: str
    basis: Basis


@dataclass(frozen=True, slots=True)
class UnitGroup:
    """The part of a level whose indicators and weights the unit sets (matched by 一级 name)."""

    name: str
    match: frozenset[str]
    weight: Decimal
    basis: Basis
    moved: frozenset[str] = frozenset()
    """二级 names units write as 一级 (成本指标, 一级 in forms since 2021): scored here, noted."""


@dataclass(frozen=True, slots=True)
class Level:
    """A first-level part of the framework (预算执行, 产出指标 … or 投入/过程/产出/效果)."""

    name: str
    weight: Decimal
    basis: Basis
    computed: tuple[ComputedIndicator, ...] = ()
    unit: UnitGroup | None = None


@dataclass(frozen=True, slots=True)
class QualBand:
    """A qualitative grade and its score range as a share (%) of the indicator's weight."""

    grade: str
    aliases: frozenset[str]
    low: Decimal
    high: Decimal
    high_inclusive: bool

    low_inclusive: bool = True

    def contains(self, share: Decimal) -> bool:
        """Whether a score share (%) lies in this band."""
        above = self.low <= share if self.low_inclusive else self.low < share
        return above and (share <= self.high if self.high_inclusive else share < self.high)


@dataclass(frozen=True, slots=True)
class Framework:
    """Everything the engine needs to score one subject, with the basis of every value.

    `bases` maps each setting key ("quantitative.le_formula", "levels[1].weight" …) to its
    basis, so a deduction can cite the rule it applied and a year check can list what is
    out of force. `level_of` is precompiled: indicator 一级 name → level index.
    """

    id: str
    title: str
    kind: FrameworkKind
    source: str
    basis: Basis
    document: str
    applies_to: AppliesTo
    max_score: Decimal
    levels: tuple[Level, ...]
    grade_bands: GradeBands
    qual_bands: tuple[QualBand, ...]
    qual_default: QualDefault
    le_formula: LeFormula
    over_policy: OverPolicy
    over_threshold: Decimal
    inflation_threshold: Decimal
    inflation_measure: str
    rounding: Rounding
    bases: tuple[tuple[str, Basis], ...]
    zero_budget: ZeroBudget = ZeroBudget.ZERO
    missing_actual: MissingActual = MissingActual.ZERO
    weights_mismatch: WeightsMismatch = WeightsMismatch.RESCALE
    per_point: PerPoint = PerPoint.CONTINUOUS
    standards: tuple[tuple[str, str], ...] = ()
    level_of: dict[str, int] = field(init=False, compare=False, repr=False)
    moved_to: dict[str, str] = field(init=False, compare=False, repr=False)
    """A 二级 name written as 一级 → the 一级 level it is scored under (成本指标 → 产出指标)."""
    grade_of: dict[str, QualBand] = field(init=False, compare=False, repr=False)
    basis_of: dict[str, Basis] = field(init=False, compare=False, repr=False)
    standard_of: dict[str, str] = field(init=False, compare=False, repr=False)
    grade_steps: tuple[tuple[Decimal, Grade], ...] = field(init=False, compare=False, repr=False)
    le_key: str = field(init=False, compare=False, repr=False)
    """The setting key of the "≤" formula in use ("quantitative.le.linear_to_double")."""
    over_limit: Decimal = field(init=False, compare=False, repr=False)
    """`over_threshold` ÷ 100 (exact): B ÷ A above it is over-achievement (see score_group)."""
    unit_weight: Decimal = field(init=False, compare=False, repr=False)
    """The weights of the levels' unit groups added in level order from 0, as the engine
    adds them for every subject (the indicators' share of points in the inflation check)."""
    cited: dict[str, tuple[str, str]] = field(init=False, compare=False, repr=False)
    """Setting key → (评分标准, reference) as `standard` and `reference` give them, for every
    key a deduction may cite: the engine reads both for each lost point of every project."""

    def __post_init__(self) -> None:
        level_of: dict[str, int] = {}
        moved_to: dict[str, str] = {}
        for index, level in enumerate(self.levels):
            if level.unit is not None:
                level_of.update(dict.fromkeys(level.unit.moved, index))
                moved_to.update(dict.fromkeys(level.unit.moved, level.name))
                level_of.update(dict.fromkeys(level.unit.match, index))
        object.__setattr__(self, "moved_to", moved_to)
        grade_of: dict[str, QualBand] = {}
        for band in self.qual_bands:
            grade_of.update(dict.fromkeys({band.grade, *band.aliases}, band))
        object.__setattr__(self, "level_of", level_of)
        object.__setattr__(self, "grade_of", grade_of)
        object.__setattr__(self, "basis_of", dict(self.bases))
        object.__setattr__(self, "standard_of", dict(self.standards))
        steps = sorted(((b.min_score, b.grade) for b in self.grade_bands.bands), reverse=True)
        object.__setattr__(self, "grade_steps", tuple(steps))
        le_key = f"quantitative.le.{self.le_formula.value}"
        object.__setattr__(self, "le_key", le_key)
        keys = {*_CITED, le_key, *self.standard_of, *self.basis_of}
        cited = {key: (self.standard(key), self.reference(key)) for key in keys}
        object.__setattr__(self, "cited", cited)
        object.__setattr__(self, "over_limit", self.over_threshold / 100)
        unit_weight = Decimal(0)
        for level in self.levels:
            if level.unit is not None:
                unit_weight += level.unit.weight
        object.__setattr__(self, "unit_weight", unit_weight)

    def grade_for(self, score: Decimal) -> Grade:
        """The grade of a total (bands pre-sorted once; same result as GradeBands.grade_for)."""
        for minimum, grade in self.grade_steps:
            if score >= minimum:
                return grade
        return self.grade_bands.grade_for(score)

    def reference(self, key: str) -> str:
        """The reference text of a setting, or the framework's own when none is recorded."""
        basis = self.basis_of.get(key)
        return (basis or self.basis).reference

    def standard(self, key: str) -> str:
        """The 评分标准 text of a rule as the framework file states it."""
        return self.standard_of.get(key, "")

    def out_of_force(self, year: int) -> list[str]:
        """Keys of values (the framework itself as "framework") not in force for a year."""
        keys = [] if self.basis.covers(year) else ["framework"]
        return keys + [key for key, basis in self.bases if not basis.covers(year)]

    def unit_level_names(self) -> list[str]:
        """一级 names the unit may use, for messages."""
        return sorted(set(self.level_of) - set(self.moved_to))

    def level_choices(self) -> list[str]:
        """The 一级 names a form offers, in framework order: the "…指标" spellings.

        A level whose names have no "指标" form offers its own name.
        """
        out: list[str] = []
        for level in self.levels:
            if level.unit is None:
                continue
            names = sorted(n for n in level.unit.match if n.endswith("指标"))
            if level.unit.name in names:
                names.remove(level.unit.name)
                names.insert(0, level.unit.name)
            out += names or [level.unit.name]
        return out


@dataclass(frozen=True, slots=True)
class FrameworkChoice:
    """Which framework scores one kind of subject for a submission, and why.

    Made by `jixiao.rules.frameworks.choose_frameworks`; kept in the Evaluation so the CLI
    and the web page can say which framework applied (its Chinese title and 文号) and why.
    `framework` is None when none applies (a `scoring.no-framework` problem says so).
    """

    kind: FrameworkKind
    framework: Framework | None
    reason: str

    @property
    def label(self) -> str:
        """Title and 文号 as a page shows them: "项目支出绩效自评（财预〔2020〕10号）"."""
        fw = self.framework
        if fw is None:
            return "无适用的计分框架"
        if fw.document and fw.document not in fw.title:
            return f"{fw.title}（{fw.document}）"
        return fw.title
