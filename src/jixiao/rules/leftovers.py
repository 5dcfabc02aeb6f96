"""Leftover patterns (rules/leftovers/*.yaml): local paths and editor traces in published text.

Read through the one rule reader; `leftover_patterns()` is what the auditor calls, a
profile names its file by id (`leftovers: default`) for the checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from jixiao.core.hygiene import Leftover, LeftoverKind
from jixiao.rules.reader import load_rule_file

if TYPE_CHECKING:
    from pathlib import Path

    from jixiao.rules.reader import RuleReader

__all__ = ["DEFAULT_LEFTOVERS", "leftover_patterns", "read_leftovers"]

DEFAULT_LEFTOVERS = "default"
_KINDS = ("local-path", "leftover")


def leftover_patterns(name_or_file: str | Path = DEFAULT_LEFTOVERS) -> tuple[Leftover, ...]:
    """The leftover patterns of an id on the search path or a file.

    Raises:
        UnreadableError: the file is missing or invalid (file:line problems).
    """
    return load_rule_file("leftovers", name_or_file, read_leftovers)


def read_leftovers(reader: RuleReader) -> tuple[Leftover, ...]:
    """Parse a leftover-pattern file; problems are collected on the reader."""
    top, _basis = reader.header(("patterns",))
    found: list[Leftover] = []
    for i, raw in enumerate(reader.items(top.get("patterns"), "patterns")):
        key = f"patterns[{i}]"
        node = reader.mapping(raw, key)
        if node is None:
            continue
        kind = reader.choice(node.get("kind"), f"{key}.kind", _KINDS)
        label = reader.text(node, "label", key)
        pattern = reader.pattern(node.get("regex"), f"{key}.regex")
        if kind is not None and label and pattern is not None:
            found.append(Leftover(cast("LeftoverKind", kind), label, pattern))
    return tuple(found)
