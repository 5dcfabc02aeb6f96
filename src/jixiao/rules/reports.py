"""Report rules (rules/render/*.yaml): the project-report threshold and region templates.

Read by the one rule reader: by id on the search path (a region's `render/default.yaml`
on JIXIAO_RULES_PATH hides the built-in one) or by a file path.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from jixiao.rules.reader import load_rule_file

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.rules.reader import RuleReader

__all__ = ["DEFAULT_REPORT_RULES", "ReportRules", "load_report_rules"]

DEFAULT_REPORT_RULES = "default"


@dataclass(frozen=True, slots=True)
class ReportRules:
    """Which projects get their own report (万元 threshold) and where a region's templates are."""

    threshold: Decimal
    template_dirs: tuple[Path, ...]


def load_report_rules(name_or_file: str | Path = DEFAULT_REPORT_RULES) -> ReportRules:
    """The report rules of an id or file.

    Raises:
        UnreadableError: the file is missing or invalid (file:line problems).
    """
    return load_rule_file("render", name_or_file, _read)


def _read(reader: RuleReader) -> ReportRules:
    top = reader.top() or {}
    reader.unknown(top, "", ("project_report_threshold", "template_dirs"))
    raw = top.get("project_report_threshold", "0")
    threshold = reader.number(raw, "project_report_threshold", low=Decimal(0))
    dirs = reader.items(top.get("template_dirs"), "template_dirs", required=False)
    if not all(isinstance(d, str) and d for d in dirs):
        reader.report("rules.wrong-type", "template_dirs", kind="目录名的列表")
        dirs = []
    return ReportRules(threshold or Decimal(0), tuple(reader.file.parent / d for d in dirs))
