"""Check profiles (rules/profiles/*.yaml): tolerance, thresholds, tables, bands and keywords.

A profile states the numbers its checks use, each with its reference, and names the
shared rule files it uses by id (grade bands, leftover patterns, the economic
classification). It is read through the one rule reader, so a region adds its own profile
(or overrides any file a profile names) on JIXIAO_RULES_PATH without code changes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from jixiao.core.checks import CheckOptions, ExplanationRules
from jixiao.core.problems import UnreadableError
from jixiao.rules.grades import DEFAULT_GRADE_BANDS, grade_bands
from jixiao.rules.identities import DEFAULT_IDENTITIES, load_identities
from jixiao.rules.leftovers import DEFAULT_LEFTOVERS, leftover_patterns
from jixiao.rules.reader import (
    BUILTIN_DIR,
    find_rule_file,
    for_region,
    load_rule_file,
    region_codes,
)

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.rules.reader import RuleReader

__all__ = [
    "BUILTIN_DIR",
    "DEFAULT_PROFILE",
    "find_profile",
    "load_options",
    "profile_for_region",
]

DEFAULT_PROFILE = "national-2020"
_KEYS = (
    "id",
    "title",
    "applies_to_years",
    "tolerance",
    "grade_bands",
    "max_score",
    "project_indicator_threshold",
    "economic_classes",
    "leftovers",
    "identities",
    "explanations",
    "regions",
)


def find_profile(name_or_file: str) -> Path:
    """A profile by id on the search path, or a path to a file."""
    return find_rule_file("profiles", name_or_file)


def load_options(profile: str = DEFAULT_PROFILE, **overrides: Any) -> CheckOptions:
    """CheckOptions from a profile id or file; raises UnreadableError with file:line problems."""
    options = load_rule_file("profiles", profile, _read_profile)
    return CheckOptions(**{**options.__dict__, **overrides}) if overrides else options


def profile_for_region(code: str) -> str:
    """The profile for a region by its administrative code, when none is set explicitly.

    A profile states the regions it is for under `regions.codes`; the most specific one
    wins (`rules.reader.for_region`), else the national `DEFAULT_PROFILE`.
    """
    return for_region("profiles", code, DEFAULT_PROFILE)


def _setting(reader: RuleReader, top: dict[str, Any], name: str) -> Decimal:
    """A `{value, reference}` setting; a problem (and 0) when it is not usable."""
    node = reader.section(top, name)
    if node:
        reader.reference(node, name)
    value = reader.number(node.get("value"), f"{name}.value", low=Decimal(0)) if node else None
    return Decimal(0) if value is None else value


def _named(reader: RuleReader, top: dict[str, Any], name: str, default: str) -> str:
    """The id of a shared rule file the profile uses (its default when not named)."""
    value = top.get(name, default)
    if isinstance(value, str) and value.strip():
        return value.strip()
    reader.report("rules.wrong-type", name, kind="规则文件的编号（如 national）")
    return default


def _shared(reader: RuleReader, name: str, load: Any, ident: str) -> Any:
    """Load a shared file the profile names; its problems become the profile's."""
    try:
        return load(ident)
    except UnreadableError as exc:
        reader.adopt(exc.problems, name)
        return None


def _read_profile(reader: RuleReader) -> CheckOptions:
    top = reader.top() or {}
    reader.unknown(top, "", _KEYS)
    bands_id = _named(reader, top, "grade_bands", DEFAULT_GRADE_BANDS)
    leftovers_id = _named(reader, top, "leftovers", DEFAULT_LEFTOVERS)
    identities_id = _named(reader, top, "identities", DEFAULT_IDENTITIES)
    region_codes(reader)  # checked here too, so a broken `regions` shows on every load
    return CheckOptions(
        tolerance=_setting(reader, top, "tolerance"),
        grade_bands=_shared(reader, "grade_bands", grade_bands, bands_id),
        project_indicator_threshold=_setting(reader, top, "project_indicator_threshold"),
        economic_classes=_economic_classes(reader, top),
        max_score=_setting(reader, top, "max_score"),
        leftovers=_shared(reader, "leftovers", leftover_patterns, leftovers_id) or (),
        identities=_shared(reader, "identities", load_identities, identities_id) or (),
        explanations=_explanations(reader, top),
    )


def _explanations(reader: RuleReader, top: dict[str, Any]) -> ExplanationRules:
    """What the region requires in a project's 原因 column (optional; Sichuan's profile).

    Each rule is `{value, reference}`: `execution_below` a rate in %, `adjustment` true or
    false, `max_chars` a whole number. The references are joined for the message.
    """
    node = top.get("explanations")
    if node is None:
        return ExplanationRules()
    node = reader.section(top, "explanations")
    reader.unknown(node, "explanations", ("execution_below", "adjustment", "max_chars"))
    references: list[str] = []
    values: dict[str, Any] = {}
    for name in ("execution_below", "adjustment", "max_chars"):
        if name not in node:
            continue
        key = f"explanations.{name}"
        item = reader.section(node, name, key)
        references.append(reader.reference(item, key))
        value = item.get("value")
        if name == "adjustment":
            if not isinstance(value, bool):
                reader.report("rules.wrong-type", f"{key}.value", kind="true 或 false")
            values[name] = value is True
        else:
            number = reader.number(
                value, f"{key}.value", low=Decimal(0), integer=name == "max_chars"
            )
            values[name] = (
                None if number is None else (int(number) if name == "max_chars" else number)
            )
    unique = list(dict.fromkeys(r for r in references if r))
    return ExplanationRules(reference="；".join(unique), **values)


def _economic_classes(reader: RuleReader, top: dict[str, Any]) -> dict[str, str]:
    relative = top.get("economic_classes")
    if not isinstance(relative, str):
        reader.report("rules.missing", "economic_classes")
        return {}
    file = (reader.file.parent / relative).resolve()
    table = _shared(reader, "economic_classes", _classification_table, str(file))
    return dict(table or ())


def _classification_table(file: str) -> tuple[tuple[str, str], ...]:
    """The 支出经济分类 code → name table a profile names (a path relative to it)."""
    return load_rule_file("classification", file, _read_classes)


def _read_classes(reader: RuleReader) -> tuple[tuple[str, str], ...]:
    data = reader.top() or {}
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
