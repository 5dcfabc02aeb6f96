"""The input files of `jixiao calibrate` and `jixiao copies`, as validated models.

Why a module of their own: building a pydantic model class loads pydantic's schema
machinery (about 0.1 s of CPU), and every command module is imported when the command
line starts; kept here, only these two commands pay for it (tests/cli/test_startup_imports.py).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jixiao.core.types import Quantity

__all__ = ["NarrativeText", "NarrativeTexts", "ReviewRecord", "ReviewRecords"]


class ReviewRecord(BaseModel):
    """One line of a `calibrate` file: a unit's self-score and the bureau's re-review score."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )
    unit: str = Field(title="单位名称", min_length=1, max_length=200)
    kind: str = Field(default="", title="单位类型", max_length=50)
    year: int = Field(title="年度", ge=2000, le=2100)
    self_score: Quantity = Field(title="自评得分")
    review_score: Quantity = Field(title="复核得分")


class ReviewRecords(BaseModel):
    """A `calibrate` file."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    records: tuple[ReviewRecord, ...] = Field(title="复核记录", max_length=200_000)


class NarrativeText(BaseModel):
    """One text of a `copies` file: whose it is, which year, which part."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )
    key: str = Field(title="编号", min_length=1, max_length=200)
    unit: str = Field(title="单位名称", min_length=1, max_length=200)
    year: int = Field(title="年度", ge=2000, le=2100)
    project: str = Field(default="", title="项目名称", max_length=200)
    section: str = Field(default="", title="部分", max_length=100)
    text: str = Field(title="文字", max_length=200_000)


class NarrativeTexts(BaseModel):
    """A `copies` file."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    narratives: tuple[NarrativeText, ...] = Field(title="文字材料", max_length=100_000)
