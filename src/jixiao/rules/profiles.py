"""Check profiles: tolerance, grade bands, thresholds and tables, loaded from YAML.

The built-in profiles live in `rules/profiles/`; a region adds a directory to the
`JIXIAO_RULES_PATH` environment variable (os.pathsep-separated) or passes a file.
A profile that is wrong yields problems with file:line, never a traceback.
"""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jixiao.core.checks import CheckOptions
from jixiao.core.grading import GradeBand, GradeBands
from jixiao.core.model import Grade
from jixiao.core.problems import Location, Problem, UnreadableError, make
from jixiao.formats.source import ReadResult, read_data

__all__ = ["BUILTIN_DIR", "find_profile", "load_options", "search_path"]

BUILTIN_DIR = Path(__file__).parent
DEFAULT_PROFILE = "national-2020"


def search_path(kind: str) -> list[Path]:
    """Directories searched for rule files of a kind ("profiles", "frameworks").

    Each directory on JIXIAO_RULES_PATH holds a sub-folder per kind; earlier ones win.
    """
    extra = [Path(p) / kind for p in os.environ.get("JIXIAO_RULES_PATH", "").split(os.pathsep) if p]
    return [*extra, BUILTIN_DIR / kind]


def find_profile(name_or_file: str) -> Path:
    """A profile by id on the search path, or a path to a file."""
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"} and candidate.is_file():
        return candidate
    available: list[str] = []
    for directory in search_path("profiles"):
        for file in sorted(directory.glob("*.yaml")):
            available.append(file.stem)
            if file.stem == name_or_file:
                return file
    raise UnreadableError(
        [
            make(
                "rules.not-found",
                Location(),
                name=name_or_file,
                available="、".join(sorted(set(available))) or "（无）",
            )
        ]
    )


class _Reader:
    """Reads values out of a profile, collecting problems with file:line."""

    def __init__(self, result: ReadResult, file: Path) -> None:
        self.data: Any = result.data
        self.lines = result.lines
        self.file = file
        self.problems: list[Problem] = list(result.problems)

    def fail(self, key: str, reason: str) -> None:
        loc = Location(file=str(self.file), line=self.lines.get(key), path=key)
        self.problems.append(make("rules.invalid", loc, name=self.file.name, reason=reason))

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) if isinstance(self.data, dict) else None
        if not isinstance(value, dict):
            self.fail(key, f"缺少「{key}」一节")
            return {}
        if not value.get("reference"):
            loc = Location(file=str(self.file), line=self.lines.get(key), path=key)
            self.problems.append(make("rules.missing-reference", loc, name=self.file.name, key=key))
        return value

    def decimal(self, key: str) -> Decimal:
        value = self.section(key).get("value")
        try:
            return Decimal(str(value))
        except ArithmeticError:
            self.fail(f"{key}.value", f"「{key}」应为数字，实际为『{value}』")
            return Decimal(0)


def _grade_bands(reader: _Reader) -> GradeBands:
    section = reader.section("grade_bands")
    bands: list[GradeBand] = []
    for i, raw in enumerate(section.get("bands") or []):
        try:
            bands.append(GradeBand(Grade.parse(raw["grade"]), Decimal(str(raw["min"]))))
        except (KeyError, TypeError, ValueError, ArithmeticError):
            reader.fail(f"grade_bands.bands[{i}]", '等级分档应写成 {grade: 优, min: "90"}')
    if len({b.grade for b in bands}) != 4:
        reader.fail("grade_bands.bands", "须为 优/良/中/差 四档各一")
    return GradeBands(tuple(bands), str(section.get("reference", "")))


def _economic_classes(reader: _Reader) -> dict[str, str]:
    relative = reader.data.get("economic_classes") if isinstance(reader.data, dict) else None
    if not isinstance(relative, str):
        reader.fail("economic_classes", "缺少经济分类科目表（economic_classes）")
        return {}
    return dict(_classification_table(str((reader.file.parent / relative).resolve())))


@cache
def _classification_table(file: str) -> tuple[tuple[str, str], ...]:
    data = read_data(Path(file)).data
    table: dict[str, str] = {}

    def name_of(value: Any) -> str:
        return str(value["name"]) if isinstance(value, dict) else str(value)

    for key in ("classes", "items"):
        table.update({str(code): name_of(v) for code, v in (data.get(key) or {}).items()})
    capital = data.get("capital_items") or {}
    for cls in capital.get("classes", []):
        table.update(
            {f"{cls}{item}": name_of(v) for item, v in (capital.get("items") or {}).items()}
        )
    table.update({f"310{item}": name_of(v) for item, v in (capital.get("only_310") or {}).items()})
    return tuple(sorted(table.items()))


def load_options(profile: str = DEFAULT_PROFILE, **overrides: Any) -> CheckOptions:
    """CheckOptions from a profile id or file; raises UnreadableError with file:line problems."""
    file = find_profile(profile)
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        stamp = 0  # read_data below reports the unreadable file
    options = _options_from_file(str(file.resolve()), stamp)
    return CheckOptions(**{**options.__dict__, **overrides}) if overrides else options


@cache
def _options_from_file(file_name: str, _mtime_ns: int) -> CheckOptions:
    """Parse a profile once per file version: batch checks and reports call this per input.

    The modification time is part of the key so an edited profile is read again; a
    profile with problems raises, and exceptions are not cached.
    """
    file = Path(file_name)
    reader = _Reader(read_data(file), file)
    if not isinstance(reader.data, dict):
        reader.fail("", "顶层应为键值结构")
        raise UnreadableError(reader.problems)
    options = CheckOptions(
        tolerance=reader.decimal("tolerance"),
        grade_bands=_grade_bands(reader),
        project_indicator_threshold=reader.decimal("project_indicator_threshold"),
        economic_classes=_economic_classes(reader),
        max_score=reader.decimal("max_score"),
    )
    if reader.problems:
        raise UnreadableError(reader.problems)
    return options
