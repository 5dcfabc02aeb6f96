"""Score → grade (优/良/中/差) from bands that come from the rules data, not from code.

The one set of grade bands lives in rules/grades/*.yaml (read by `jixiao.rules.grades`);
profiles and frameworks name a band file by id, so the checks, the scoring engine and the
auditor grade a score the same way. `Grade` lives here, not beside the submission models
(`core.model` re-exports it): the auditor grades reports without loading pydantic's models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

    from jixiao.core.basis import Basis

__all__ = ["GRADE_WORDS", "Grade", "GradeBand", "GradeBands"]


class Grade(StrEnum):
    """优/良/中/差; the score bands live in the rules data (rules/grades/), not here."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"

    @classmethod
    def parse(cls, value: object) -> Grade:
        """Accept the spellings seen in reports: 优秀, 良好, 中等, 一般, 合格, 较差 …."""
        text = str(value).strip().strip("“”\"'")
        grade = _WORD_TO_GRADE.get(text)
        if grade is None:
            raise ValueError("等级应为 优/良/中/差（或 优秀/良好/中等/较差）")
        return grade

    @property
    def words(self) -> tuple[str, ...]:
        """Every word reports use for this grade (the grade itself first)."""
        return GRADE_WORDS[self]


GRADE_WORDS: dict[Grade, tuple[str, ...]] = {
    Grade.EXCELLENT: ("优", "优秀"),
    Grade.GOOD: ("良", "良好"),
    Grade.FAIR: ("中", "中等", "一般", "合格"),
    Grade.POOR: ("差", "较差"),
}
"""The one table of grade words: the model's parser, the JSON Schema and the auditor's
reading of a stated grade all use it. 合格 is read as 中, as vendor forms do."""
_WORD_TO_GRADE = {word: grade for grade, words in GRADE_WORDS.items() for word in words}


@dataclass(frozen=True, slots=True)
class GradeBand:
    """A grade and the lowest score (inclusive) that earns it."""

    grade: Grade
    min_score: Decimal

    @property
    def words(self) -> tuple[str, ...]:
        """Words reports use for this grade (优, 优秀 …; 中 includes 一般 and 合格)."""
        return self.grade.words


@dataclass(frozen=True, slots=True)
class GradeBands:
    """Bands ordered from the highest grade down, with their legal reference."""

    bands: tuple[GradeBand, ...]
    reference: str = ""
    basis: Basis | None = field(default=None, compare=False)
    id: str = ""

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.bands, key=lambda b: b.min_score, reverse=True))
        object.__setattr__(self, "bands", ordered)

    def band_for(self, score: Decimal) -> GradeBand:
        """The band a score falls in (the lowest band when below every minimum)."""
        for band in self.bands:
            if score >= band.min_score:
                return band
        return self.bands[-1]

    def grade_for(self, score: Decimal) -> Grade:
        """The grade of a score: the first band whose minimum the score reaches."""
        for band in self.bands:
            if score >= band.min_score:
                return band.grade
        return Grade.POOR

    def band_of(self, word: str) -> GradeBand | None:
        """The band a grade word (优秀, 一般 …) names, or None for another word."""
        return next((b for b in self.bands if word in b.words), None)

    def describe(self) -> str:
        """Bands as text for messages: 优≥90，良≥80，中≥60，差<60."""
        parts = [f"{b.grade.value}≥{b.min_score:f}" for b in self.bands if b.min_score > 0]
        lowest = self.bands[-1]
        if lowest.min_score <= 0 and len(self.bands) > 1:
            parts.append(f"{lowest.grade.value}<{self.bands[-2].min_score:f}")
        return "，".join(parts)
