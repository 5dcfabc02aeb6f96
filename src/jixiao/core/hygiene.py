"""Editing leftovers in text that will be published: local paths, bookmarks, placeholders.

The patterns are data (rules/leftovers/*.yaml, read by `jixiao.rules.leftovers`); the
checks on a submission's narrative and the auditor on a published report both find them
with `find_leftovers`, so both call the same things leftovers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import re
    from collections.abc import Iterable, Iterator

__all__ = ["Leftover", "LeftoverKind", "find_leftovers"]

LeftoverKind = Literal["local-path", "leftover"]


@dataclass(frozen=True, slots=True)
class Leftover:
    """One kind of leftover: a local file path or an editor's trace, with its Chinese label."""

    kind: LeftoverKind
    label: str
    pattern: re.Pattern[str]


def find_leftovers(
    text: str, patterns: Iterable[Leftover]
) -> Iterator[tuple[Leftover, re.Match[str]]]:
    """Every leftover in `text`, in pattern order; a span found once is not found again."""
    taken: list[tuple[int, int]] = []
    for leftover in patterns:
        for match in leftover.pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            yield leftover, match
