"""The result of scoring: Score with its rows, level subtotals and Deductions.

Plain immutable data, so every surface (CLI table, JSON, the Word 自评表, the web page)
renders the same record. A row's target/actual text is formatted only when someone reads
it: the engine scores whole provinces and most rows are never displayed. The records made
for every indicator (ScoreRow, Deduction, LevelScore) are named tuples, not frozen dataclasses:
a frozen dataclass sets each field through object.__setattr__, which made building a row
five times slower (1.06 µs vs 0.22 µs) and cost the engine about a fifth of its time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from jixiao.core.money import fmt_number, quantize2, rate_agrees

if TYPE_CHECKING:
    from collections.abc import Callable

    from jixiao.core.model import Grade, Indicator

__all__ = [
    "Deduction",
    "Deferred",
    "LevelScore",
    "Score",
    "ScoreRow",
    "deferred",
    "indicator_texts",
    "score_to_dict",
    "shown",
    "stated_score_agrees",
]


class Deferred:
    """A text made only when read: `fn(*args)`, each time it is read (rarely more than once).

    Equal to another when made by the same function from equal inputs, so two scores of
    the same data compare equal whether or not anyone has read their texts (a
    functools.partial would compare by identity).
    """

    __slots__ = ("args", "fn")

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self.fn, self.args = fn, args

    def __call__(self) -> Any:
        """The text."""
        return self.fn(*self.args)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and self.fn is other.fn and self.args == other.args

    def __hash__(self) -> int:
        return hash((self.fn, self.args))

    def __repr__(self) -> str:
        return f"Deferred({self.fn.__name__}, {self.args!r})"


_object_new = object.__new__


def deferred(fn: Callable[..., Any], args: tuple[Any, ...]) -> Deferred:
    """`Deferred(fn, *args)` without the class call's `__init__` dispatch.

    Why: calling a class with a Python `__init__` goes through the type's call, the init
    slot and a packed argument tuple; the engine makes two for every project. Same object
    (tests/scoring/test_fast_path.py compares results by equality and text).
    """
    made: Deferred = _object_new(Deferred)
    made.fn, made.args = fn, args
    return made


def shown(value: Decimal | str | None, unit: str = "") -> str:
    """An actual as the form shows it: "2380件", "达成年度指标" or empty."""
    if value is None:
        return ""
    return f"{fmt_number(value)}{unit}" if isinstance(value, Decimal) else value


def indicator_texts(ind: Indicator) -> tuple[str, str]:
    """(target, actual) of an indicator as the form shows them."""
    target = ind.target.display("" if ind.is_qualitative else ind.unit) if ind.target else ""
    return target, shown(ind.actual, ind.unit)


class Deduction(NamedTuple):
    """Points lost on one row and why: the rule, its reference and the arithmetic.

    The indicator, target, actual, points lost and the unit's reason are those of `row`
    (read through the properties), and `explain` may be a function giving the formula, so
    texts are formatted only when shown.
    """

    row: ScoreRow
    rule: str
    reference: str
    explain: str | Callable[[], str]

    @property
    def formula(self) -> str:
        """The arithmetic behind the points lost ("180000÷200000×15")."""
        return self.explain if isinstance(self.explain, str) else self.explain()

    @property
    def indicator(self) -> str:
        """The indicator's name."""
        return self.row.name

    @property
    def path(self) -> str:
        """Where the indicator (or the figure it is computed from) is in the submission."""
        return self.row.path

    @property
    def target(self) -> str:
        """Target or scoring standard as shown in the row."""
        return self.row.target

    @property
    def actual(self) -> str:
        """Actual or computation as shown in the row."""
        return self.row.actual

    @property
    def points_lost(self) -> Decimal:
        """Weight minus score."""
        return self.row.lost

    @property
    def reason(self) -> str:
        """The unit's stated deviation reason (empty when none was given)."""
        return self.row.reason


class ScoreRow(NamedTuple):
    """One line of the 自评表: indicator, weight, target, actual, score, points lost, reason.

    `texts` holds target/actual for computed rows (or a function giving them); a unit
    indicator's row keeps its `source` and formats the texts on demand.
    """

    level: str
    level2: str
    name: str
    weight: Decimal
    score: Decimal
    lost: Decimal
    reason: str
    path: str
    texts: tuple[str, str] | Callable[[], tuple[str, str]] | None = None
    source: Indicator | None = None

    @property
    def target(self) -> str:
        """年度指标值 or, for a computed indicator, its 评分标准."""
        return self._texts()[0]

    @property
    def actual(self) -> str:
        """实际完成值 or, for a computed indicator, the computation."""
        return self._texts()[1]

    def _texts(self) -> tuple[str, str]:
        if self.texts is not None:
            return self.texts if isinstance(self.texts, tuple) else self.texts()
        return indicator_texts(self.source) if self.source is not None else ("", "")


class LevelScore(NamedTuple):
    """A first-level subtotal."""

    name: str
    weight: Decimal
    score: Decimal


class Score(NamedTuple):
    """The computed self-evaluation of one subject (a project or the department)."""

    subject: str
    path: str
    framework: str
    total: Decimal
    grade: Grade
    levels: tuple[LevelScore, ...]
    rows: tuple[ScoreRow, ...]
    deductions: tuple[Deduction, ...]
    stated_score: Decimal | None = None
    stated_grade: Grade | None = None
    total_exact: Decimal | None = None
    """The total before rounding (Σ exact row scores, levels capped); None only for a
    Score built by hand."""


def stated_score_agrees(stated: Decimal, total: Decimal, exact: Decimal | None) -> bool:
    """Whether a unit's stated score is the computed one, honestly rounded.

    The one rule for it (the scoring check and the form's 计算得分 suggestion both ask):
    the stated score agrees when it is the exact total or the total as the rows show it,
    rounded to the places it was written with, so 95.3 agrees with 95.33 and 95.4 does not.
    """
    return rate_agrees(stated, total) or (exact is not None and rate_agrees(stated, exact))


def _text(value: object) -> Any:
    return fmt_number(value) if isinstance(value, Decimal) else value


def _shown(value: Decimal) -> str:
    """A displayed figure: rounded once, half-up, to 0.01 (exact when it has fewer places)."""
    exponent = value.as_tuple().exponent
    return fmt_number(value if isinstance(exponent, int) and exponent >= -2 else quantize2(value))


def score_to_dict(score: Score) -> dict[str, Any]:
    """The one JSON shape of a Score (CLI --json, API, open data, the web panel).

    Decimals are strings so no consumer turns them into floats.
    """
    return {
        "subject": score.subject,
        "path": score.path,
        "framework": score.framework,
        "total": f"{score.total:f}",
        "total_exact": _text(score.total if score.total_exact is None else score.total_exact),
        "grade": score.grade.value,
        "stated_score": _text(score.stated_score),
        "stated_grade": None if score.stated_grade is None else score.stated_grade.value,
        "levels": [
            {"name": lv.name, "weight": _shown(lv.weight), "score": _shown(lv.score)}
            for lv in score.levels
        ],
        "rows": [
            {
                "level": r.level,
                "level2": r.level2,
                "name": r.name,
                "weight": _shown(r.weight),
                "target": r.target,
                "actual": r.actual,
                "score": _shown(r.score),
                "lost": _shown(r.lost),
                "reason": r.reason,
                "path": r.path,
            }
            for r in score.rows
        ],
        "deductions": [
            {
                "indicator": d.indicator,
                "path": d.path,
                "rule": d.rule,
                "reference": d.reference,
                "target": d.target,
                "computed": d.row.source is None,
                "actual": d.actual,
                "formula": d.formula,
                "points_lost": _shown(d.points_lost),
                "reason": d.reason,
            }
            for d in score.deductions
        ],
    }
