"""Identities (rules/identities/*.yaml): every stated total and the parts it must equal.

Read by the one rule reader; a profile names its file by id (`identities: default`), and
`load_identities()` serves callers without a profile (the web form's computed totals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jixiao.core.identities import Identity, PartSpec
from jixiao.rules.reader import load_rule_file

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.rules.reader import RuleReader

__all__ = ["DEFAULT_IDENTITIES", "load_identities", "read_identities"]

DEFAULT_IDENTITIES = "default"
_KEYS = (
    "id",
    "label",
    "total",
    "parts",
    "parts_label",
    "scope",
    "columns",
    "all_parts",
    "unit",
    "exact",
    "check_label",
)
_PART_SHAPE = '{path: 字段路径, label: 名称} 或 {each: "列表[*].字段", label: "{name}"} 或 {economic: 经济分类列表}'


def load_identities(name_or_file: str | Path = DEFAULT_IDENTITIES) -> tuple[Identity, ...]:
    """The identities of an id on the search path or a file.

    Raises:
        UnreadableError: the file is missing or invalid (file:line problems).
    """
    return load_rule_file("identities", name_or_file, read_identities)


def read_identities(reader: RuleReader) -> tuple[Identity, ...]:
    """Parse an identities file; problems are collected on the reader."""
    top, _basis = reader.header(("identities",))
    found: list[Identity] = []
    seen: set[str] = set()
    for i, raw in enumerate(reader.items(top.get("identities"), "identities")):
        identity = _identity(reader, raw, f"identities[{i}]")
        if identity is None:
            continue
        if identity.id in seen:
            reader.report("rules.duplicate", f"identities[{i}].id", what=f"编号「{identity.id}」")
        seen.add(identity.id)
        found.append(identity)
    return tuple(found)


def _identity(reader: RuleReader, raw: Any, key: str) -> Identity | None:
    node = reader.mapping(raw, key)
    if node is None:
        return None
    reader.unknown(node, key, _KEYS)
    texts = {name: reader.text(node, name, key) for name in ("id", "label", "total", "parts_label")}
    parts = tuple(
        part
        for j, item in enumerate(reader.items(node.get("parts"), f"{key}.parts"))
        if (part := _part(reader, item, f"{key}.parts[{j}]")) is not None
    )
    columns = _columns(reader, node.get("columns"), f"{key}.columns")
    if "{column}" in texts["total"] and not columns:
        reader.report(
            "rules.inconsistent", f"{key}.total", detail="用到了 {column}，但没有写 columns"
        )
    flags = {name: node.get(name, False) for name in ("all_parts", "exact")}
    for name, value in flags.items():
        if not isinstance(value, bool):
            reader.report("rules.wrong-type", f"{key}.{name}", kind="true 或 false")
    if not all(texts.values()) or not parts:
        return None
    return Identity(
        id=texts["id"],
        label=texts["label"],
        total=texts["total"],
        parts=parts,
        parts_label=texts["parts_label"],
        scope=reader.text(node, "scope", key, required=False),
        columns=columns,
        all_parts=flags["all_parts"] is True,
        unit=reader.text(node, "unit", key, required=False) or "万元",
        exact=flags["exact"] is True,
        check_label=reader.text(node, "check_label", key, required=False),
    )


def _part(reader: RuleReader, raw: Any, key: str) -> PartSpec | None:
    if not isinstance(raw, dict):
        reader.report("rules.bad-entry", key, shape=_PART_SHAPE)
        return None
    kinds = [name for name in ("path", "each", "economic") if name in raw]
    if len(kinds) != 1 or not isinstance(raw[kinds[0]], str):
        reader.report("rules.bad-entry", key, shape=_PART_SHAPE)
        return None
    reader.unknown(raw, key, (kinds[0], "label"))
    path = str(raw[kinds[0]])
    if kinds[0] == "each" and "[*]" not in path:
        reader.report("rules.bad-entry", f"{key}.each", shape="含 [*] 的列表路径")
        return None
    label = reader.text(raw, "label", key, required=kinds[0] != "economic")
    return PartSpec(path, label, economic=kinds[0] == "economic")


def _columns(reader: RuleReader, raw: Any, key: str) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    node = reader.mapping(raw, key) or {}
    if not all(isinstance(v, str) and v for v in node.values()):
        reader.report("rules.wrong-type", key, kind="列名 → 中文名 的键值结构")
        return ()
    return tuple((str(k), str(v)) for k, v in node.items())
