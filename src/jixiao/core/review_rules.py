"""The finance bureau's review rules as plain frozen data; `jixiao.rules.review` reads them.

In the core, like the scoring framework, so the rule reader (below the review logic) can
build them and the dashboard, sampling and result-application logic stay pure: they take
these records and never read a file. Every number keeps the basis (reference and status
SEEN / PRACTICE / UNCONFIRMED, as in RULES.md) it was written down with, so a page can say
where a weight or a budget cut comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from jixiao.core.basis import Basis

__all__ = [
    "FACTORS",
    "ApplicationRules",
    "ExecutionBand",
    "ExecutionBands",
    "Factor",
    "ReviewRules",
    "SamplingRules",
    "Treatment",
]

FACTORS = (
    "score_gap",
    "stated_excellent",
    "low_execution",
    "errors",
    "warnings",
    "large_expenditure",
    "classified_projects",
)
"""Risk factors the sampling code knows how to measure; a rules file sets each one."""


@dataclass(frozen=True, slots=True)
class ExecutionBand:
    """A histogram bucket of execution rates: up to `limit` (None = no upper limit).

    `inclusive` says whether `limit` itself falls in this bucket (≤) or the next (<).
    """

    label: str
    limit: Decimal | None
    inclusive: bool = False

    def holds(self, rate: Decimal) -> bool:
        """Whether a rate is at or below this bucket's upper edge."""
        if self.limit is None:
            return True
        return rate <= self.limit if self.inclusive else rate < self.limit


@dataclass(frozen=True, slots=True)
class ExecutionBands:
    """Ascending buckets; a rate falls in the first bucket that holds it."""

    bands: tuple[ExecutionBand, ...]
    missing_label: str
    basis: Basis


@dataclass(frozen=True, slots=True)
class Factor:
    """One risk factor: points per unit (or flat points) above or below a threshold.

    How `threshold` is compared depends on the factor (see `sampling.risk`); `cap` limits
    the points one factor can add, so a single huge figure cannot swamp the others.
    """

    weight: Decimal
    threshold: Decimal
    cap: Decimal | None
    basis: Basis


@dataclass(frozen=True, slots=True)
class SamplingRules:
    """Risk-based spot-check (抽查复核) settings.

    `setting_bases` holds the basis of `share`, `minimum` and `must_check` by name, so a
    page can mark the sampling share as a placeholder where the rules say so.
    """

    share: Decimal
    minimum: int
    must_check: Decimal
    factors: Mapping[str, Factor]
    basis: Basis
    setting_bases: Mapping[str, Basis]


@dataclass(frozen=True, slots=True)
class Treatment:
    """Next-year budget treatment for one grade (结果应用)."""

    grade: str
    text: str
    change_percent: Decimal | None
    basis: Basis
    change_basis: Basis | None = None


@dataclass(frozen=True, slots=True)
class ApplicationRules:
    """Treatments by grade (优/良/中/差) plus one for rows without a computed grade."""

    treatments: Mapping[str, Treatment]
    ungraded: Treatment
    basis: Basis


@dataclass(frozen=True, slots=True)
class ReviewRules:
    """Everything the finance bureau's review logic reads from one rules file."""

    id: str
    title: str
    execution: ExecutionBands
    sampling: SamplingRules
    application: ApplicationRules
