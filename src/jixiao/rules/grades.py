"""Grade bands (rules/grades/*.yaml): the one source of 优/良/中/差 by score.

Read through the one rule reader; `grade_bands()` is what the auditor and any other
caller without a profile use, profiles and frameworks name a band file by id.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.core.grading import Grade, GradeBand, GradeBands
from jixiao.rules.reader import load_rule_file

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.rules.reader import RuleReader

__all__ = ["DEFAULT_GRADE_BANDS", "grade_bands", "read_grade_bands"]

DEFAULT_GRADE_BANDS = "national"
_SHAPE = '{grade: 优, min: "90"}'


def grade_bands(name_or_file: str | Path = DEFAULT_GRADE_BANDS) -> GradeBands:
    """The grade bands of an id on the search path or a file.

    Raises:
        UnreadableError: the file is missing or invalid (file:line problems).
    """
    return load_rule_file("grades", name_or_file, read_grade_bands)


def read_grade_bands(reader: RuleReader) -> GradeBands:
    """Parse a grade-band file; problems are collected on the reader."""
    top, basis = reader.header(("bands",), dated=True)
    bands: list[GradeBand] = []
    for i, raw in enumerate(reader.items(top.get("bands"), "bands")):
        key = f"bands[{i}]"
        if not isinstance(raw, dict) or "grade" not in raw or "min" not in raw:
            reader.report("rules.bad-entry", key, shape=_SHAPE)
            continue
        try:
            grade = Grade.parse(raw["grade"])
        except ValueError:
            reader.report("rules.bad-entry", f"{key}.grade", shape=_SHAPE)
            continue
        minimum = reader.number(raw["min"], f"{key}.min", low=Decimal(0))
        if minimum is not None:
            bands.append(GradeBand(grade, minimum))
    _check_set(reader, bands)
    name = str(top.get("id") or reader.file.stem)
    return GradeBands(tuple(bands), basis.reference, basis, name)


def _check_set(reader: RuleReader, bands: list[GradeBand]) -> None:
    grades = [b.grade for b in bands]
    repeated = sorted({g.value for g in grades if grades.count(g) > 1})
    missing = [g.value for g in Grade if g not in grades]
    if repeated or missing:
        detail = "；".join(
            ([f"重复：{'、'.join(repeated)}"] if repeated else [])
            + ([f"缺少：{'、'.join(missing)}"] if missing else [])
        )
        reader.report("rules.grade-set", "bands", detail=detail)
        return
    order = list(Grade)
    by_score = [b.grade for b in sorted(bands, key=lambda b: b.min_score, reverse=True)]
    if by_score != order or len({b.min_score for b in bands}) != len(bands):
        reader.report("rules.band-order", "bands", detail="分数线应为 优>良>中>差 且各不相同")
