"""The accumulator of one scoring run: rows, deductions and problems for one subject.

Kept mutable and local to one project (or the department) so the engine's loop appends to
lists instead of building intermediate records; the frozen `Score` is made once at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from jixiao.core.framework import Rounding
from jixiao.core.money import CENT
from jixiao.core.problems import Problem, make_text
from jixiao.core.scoring.result import Deduction, ScoreRow

if TYPE_CHECKING:
    from collections.abc import Callable

    from jixiao.core.framework import Framework
    from jixiao.core.model import Indicator

__all__ = ["Tally"]

ZERO = Decimal(0)
_ROW = Rounding.ROW
_new = tuple.__new__
"""Builds a row or deduction from all its fields without the named tuple's own `__new__`
(a Python function with defaults): 0.2 µs instead of 0.6 µs, made for every indicator."""


@dataclass(slots=True, init=False)
class Tally:
    """Rows, deductions and problems of one subject under one framework."""

    fw: Framework
    subject: str
    rows: list[ScoreRow] = field(default_factory=list)
    deductions: list[Deduction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unit_score: Decimal = ZERO
    weight_sum: Decimal = ZERO
    score_sum: Decimal = ZERO
    exact_sum: Decimal = ZERO
    scaled: bool = False
    """Set while a group's weights are scaled: those rows stay exact (rounding a row whose
    weight is a fraction could put its score above its weight)."""
    round_rows: bool = field(init=False)

    def __init__(self, fw: Framework, subject: str) -> None:
        """An empty tally; written out, as the generated one would call a `__post_init__`.

        A Tally is made for every project scored.
        """
        self.fw, self.subject = fw, subject
        self.rows, self.deductions, self.problems = [], [], []
        self.unit_score = self.weight_sum = self.score_sum = self.exact_sum = ZERO
        self.scaled = False
        self.round_rows = fw.rounding is _ROW

    def mark(self) -> tuple[int, int, int, Decimal, Decimal, Decimal]:
        """A point to roll back to (see `rollback`)."""
        return (
            len(self.rows),
            len(self.deductions),
            len(self.problems),
            self.weight_sum,
            self.score_sum,
            self.exact_sum,
        )

    def rollback(self, mark: tuple[int, int, int, Decimal, Decimal, Decimal]) -> None:
        """Forget everything recorded since `mark` (a group rescored with scaled weights)."""
        rows, deductions, problems, self.weight_sum, self.score_sum, self.exact_sum = mark
        del self.rows[rows:], self.deductions[deductions:], self.problems[problems:]

    def problem(self, code: str, path: str, **params: str) -> None:
        """Append a problem about this subject (message from the catalogue)."""
        self.problems.append(make_text(code, path, {"subject": self.subject, **params}))

    def add(
        self,
        level: str,
        level2: str,
        name: str,
        weight: Decimal,
        score: Decimal,
        path: str,
        texts: tuple[str, str] | Callable[[], tuple[str, str]] | None = None,
        source: Indicator | None = None,
        reason: str = "",
    ) -> Decimal:
        """Record a row (score rounded as the framework says); returns the row's score.

        The unrounded score is added to `exact_sum`, so the exact total is known whatever
        the rounding. The hot path passes `texts`, `source` and `reason` by position
        (cheaper than keywords).
        """
        self.exact_sum += score
        if self.round_rows and score is not weight and not self.scaled:
            score = score.quantize(CENT, ROUND_HALF_UP)
        row = (level, level2, name, weight, score, weight - score, reason, path, texts, source)
        self.rows.append(_new(ScoreRow, row))
        self.weight_sum += weight
        self.score_sum += score
        return score

    def deduct(self, rule: str, reference: str, formula: str | Callable[[], str]) -> None:
        """Explain the last row's lost points (call only when it lost some)."""
        self.deductions.append(_new(Deduction, (self.rows[-1], rule, reference, formula)))
