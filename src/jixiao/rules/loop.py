"""Loop rules (rules/loop/*.yaml): target lint words, monitoring warnings, calibration.

Read by the one rule reader like every other rule file, so a region overrides the
red/yellow lines by putting its own `loop/<id>.yaml` on JIXIAO_RULES_PATH; every mistake
comes back at once with file:line. The records are `core.loop_rules`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.loop_rules import (
    WARNING_KINDS,
    CalibrationRules,
    Level,
    LintRules,
    LoopRules,
    MonitoringRules,
    WarningRule,
)
from jixiao.rules.reader import load_rule_file

if TYPE_CHECKING:
    from jixiao.rules.reader import RuleReader

__all__ = ["DEFAULT_LOOP", "load_loop_rules"]

DEFAULT_LOOP = "default"
_ZERO = Decimal(0)


def load_loop_rules(name_or_file: str = DEFAULT_LOOP) -> LoopRules:
    """The loop rules for an id or file, parsed once per file version.

    Raises:
        UnreadableError: the file is missing, unreadable or invalid; carries file:line problems.
    """
    return load_rule_file("loop", name_or_file, _parse)


def _parse(reader: RuleReader) -> LoopRules:
    return reader.required(_read(reader))


def _read(reader: RuleReader) -> LoopRules | None:
    top, _basis = reader.header(("lint", "monitoring", "calibration"))
    if not top:
        return None
    lint = _lint(reader, reader.section(top, "lint"))
    monitoring = _monitoring(reader, reader.section(top, "monitoring"))
    calibration = _calibration(reader, reader.section(top, "calibration"))
    if lint is None or monitoring is None or calibration is None or reader.problems:
        return None
    name = str(top.get("id") or reader.file.stem)
    return LoopRules(name, str(top.get("title") or name), lint, monitoring, calibration)


def _words(reader: RuleReader, node: dict[str, Any], name: str, key: str) -> tuple[str, ...]:
    items = reader.items(node.get(name), f"{key}.{name}")
    words = tuple(str(w).strip() for w in items if isinstance(w, str) and w.strip())
    if len(words) != len(items):
        reader.report("rules.wrong-type", f"{key}.{name}", kind="文字列表")
    return words


def _lint(reader: RuleReader, node: dict[str, Any]) -> LintRules | None:
    key = "lint"
    reader.unknown(node, key, ("reference", "status", "dimensions", "vague_words", "payment_words"))
    basis = reader.basis(node, key)
    dims = _words(reader, node, "dimensions", key)
    vague = _words(reader, node, "vague_words", key)
    payment = _words(reader, node, "payment_words", key)
    return LintRules(vague, payment, dims, basis) if node else None


def _monitoring(reader: RuleReader, node: dict[str, Any]) -> MonitoringRules | None:
    key = "monitoring"
    reader.unknown(node, key, ("reference", "status", "rules"))
    basis = reader.basis(node, key)
    rules: list[WarningRule] = []
    ids: set[str] = set()
    for i, item in enumerate(reader.items(node.get("rules"), f"{key}.rules")):
        where = f"{key}.rules[{i}]"
        entry = reader.mapping(item, where)
        if entry is None:
            continue
        reader.unknown(entry, where, ("id", "kind", "level", "threshold", "reference", "status"))
        rule_id = reader.text(entry, "id", where)
        if rule_id in ids:
            reader.report("rules.bad-entry", f"{where}.id", shape="规则编号不能重复")
        ids.add(rule_id)
        kind = reader.choice(entry.get("kind"), f"{where}.kind", WARNING_KINDS)
        level = reader.choice(entry.get("level"), f"{where}.level", [lv.value for lv in Level])
        threshold = reader.number(entry.get("threshold"), f"{where}.threshold")
        rule_basis = reader.basis(entry, where)
        if rule_id and kind and level and threshold is not None:
            rules.append(WarningRule(rule_id, kind, Level(level), threshold, rule_basis))
    return MonitoringRules(tuple(rules), basis) if node else None


def _calibration(reader: RuleReader, node: dict[str, Any]) -> CalibrationRules | None:
    key = "calibration"
    names = (
        "gap_threshold",
        "points_per_point",
        "cap",
        "application_gap",
        "no_targets_points",
    )
    reader.unknown(node, key, ("reference", "status", "application_text", *names))
    basis = reader.basis(node, key)
    values = [reader.number(node.get(n), f"{key}.{n}", low=_ZERO) for n in names]
    text = reader.text(node, "application_text", key)
    if not node or any(v is None for v in values):
        return None
    gap, per_point, cap, application, no_targets = (v for v in values if v is not None)
    return CalibrationRules(gap, per_point, cap, application, no_targets, text, basis)
