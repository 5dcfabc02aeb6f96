"""Rules of the performance loop as plain frozen data; `jixiao.rules.loop` reads them.

Filing-time target lint word lists, the monitoring warning rules (red/yellow) and the
calibration settings differ by region and year, so they are a rule file (rules/loop/),
each value with its basis. The logic that uses them (`checks.target_lint`,
`monitoring`, `review.calibration`) takes these records and never reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.core.basis import Basis

__all__ = [
    "WARNING_KINDS",
    "CalibrationRules",
    "Level",
    "LintRules",
    "LoopRules",
    "MonitoringRules",
    "WarningRule",
]


class Level(StrEnum):
    """Warning level of 运行监控: red (纠偏 required) above yellow (关注)."""

    RED = "red"
    YELLOW = "yellow"

    @property
    def label(self) -> str:
        """Chinese label for pages: 红色预警 / 黄色预警."""
        return "红色预警" if self is Level.RED else "黄色预警"

    @property
    def rank(self) -> int:
        """Sort order: red first."""
        return 0 if self is Level.RED else 1


WARNING_KINDS = ("execution_lag", "indicator_shortfall", "over_budget", "reason_missing")
"""What a warning rule can measure (see `monitoring.evaluate_round`)."""


@dataclass(frozen=True, slots=True)
class WarningRule:
    """A warning: when `kind`'s measure reaches `threshold`, raise `level`."""

    id: str
    kind: str
    level: Level
    threshold: Decimal
    basis: Basis


@dataclass(frozen=True, slots=True)
class MonitoringRules:
    """The warning rules of one rules file, in file order."""

    rules: tuple[WarningRule, ...]
    basis: Basis


@dataclass(frozen=True, slots=True)
class LintRules:
    """Word lists of the filing-time target lint."""

    vague_words: tuple[str, ...]
    payment_words: tuple[str, ...]
    dimensions: tuple[str, ...]
    basis: Basis


@dataclass(frozen=True, slots=True)
class CalibrationRules:
    """How a re-review gap feeds next year's sampling and 结果应用.

    A unit whose mean gap (self − re-review) exceeds `gap_threshold` gets `points_per_point`
    risk points per point above it (at most `cap`) in next year's sampling; a gap of at
    least `application_gap` means the re-review grade, not the self-score, is applied. A
    submission without approved targets adds `no_targets_points` (its targets were never
    fixed before the year, so its "met" indicators prove less).
    """

    gap_threshold: Decimal
    points_per_point: Decimal
    cap: Decimal
    application_gap: Decimal
    no_targets_points: Decimal
    application_text: str
    basis: Basis


@dataclass(frozen=True, slots=True)
class LoopRules:
    """Everything the performance loop reads from one rules file."""

    id: str
    title: str
    lint: LintRules
    monitoring: MonitoringRules
    calibration: CalibrationRules
