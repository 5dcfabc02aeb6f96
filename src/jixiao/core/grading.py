"""Score → grade (优/良/中/差) from bands that come from the rules data, not from code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.core.model import Grade

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = ["GradeBand", "GradeBands"]


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade and the lowest score (inclusive) that earns it."""

    grade: Grade
    min_score: Decimal


@dataclass(frozen=True, slots=True)
class GradeBands:
    """Bands ordered from the highest grade down, with their legal reference."""

    bands: tuple[GradeBand, ...]
    reference: str = ""

    def grade_for(self, score: Decimal) -> Grade:
        """The grade of a score: the first band whose minimum the score reaches."""
        for band in sorted(self.bands, key=lambda b: b.min_score, reverse=True):
            if score >= band.min_score:
                return band.grade
        return Grade.POOR

    def describe(self) -> str:
        """Bands as text for messages: 优≥90，良≥80，中≥60，差<60."""
        ordered = sorted(self.bands, key=lambda b: b.min_score, reverse=True)
        parts = [f"{b.grade.value}≥{b.min_score:f}" for b in ordered if b.min_score > 0]
        lowest = ordered[-1]
        if lowest.min_score <= 0 and len(ordered) > 1:
            parts.append(f"{lowest.grade.value}<{ordered[-2].min_score:f}")
        return "，".join(parts)
