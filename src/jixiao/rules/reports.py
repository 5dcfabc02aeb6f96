"""Report rules (rules/render/*.yaml): the project-report threshold and region templates.

Found like every rule file: by id on the search path (a region's `render/default.yaml`
on JIXIAO_RULES_PATH hides the built-in one) or by a file path.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from jixiao.core.problems import Location, UnreadableError, make
from jixiao.formats.source import read_data
from jixiao.rules.profiles import search_path

__all__ = ["DEFAULT_REPORT_RULES", "ReportRules", "load_report_rules"]

DEFAULT_REPORT_RULES = "default"


@dataclass(frozen=True, slots=True)
class ReportRules:
    """Which projects get their own report (万元 threshold) and where a region's templates are."""

    threshold: Decimal
    template_dirs: tuple[Path, ...]


def _find(name_or_file: str) -> Path:
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"}:
        return candidate
    found: dict[str, Path] = {}
    for directory in search_path("render"):
        for file in sorted(directory.glob("*.yaml")):
            found.setdefault(file.stem, file)
    if name_or_file in found:
        return found[name_or_file]
    names = "、".join(sorted(found)) or "（无）"
    raise UnreadableError(make("rules.not-found", Location(), name=name_or_file, available=names))


def load_report_rules(name_or_file: str | Path = DEFAULT_REPORT_RULES) -> ReportRules:
    """The report rules of an id or file; raises UnreadableError with the file's problem."""
    path = _find(str(name_or_file))

    def fail(reason: str) -> UnreadableError:
        loc = Location(file=str(path))
        return UnreadableError(make("render.rules-invalid", loc, file=str(path), reason=reason))

    try:
        data = read_data(path).data or {}
    except UnreadableError as exc:
        raise fail(exc.problem.message) from None
    if not isinstance(data, dict):
        raise fail("顶层应为键值结构")
    try:
        threshold = Decimal(str(data.get("project_report_threshold", "0")))
    except InvalidOperation:
        raise fail(
            f"project_report_threshold 不是数字：{data.get('project_report_threshold')}"
        ) from None
    if not threshold.is_finite() or threshold < 0:
        raise fail("project_report_threshold 不能为负数")
    dirs = data.get("template_dirs") or []
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        raise fail("template_dirs 应为目录列表")
    return ReportRules(threshold, tuple(path.parent / d for d in dirs))
