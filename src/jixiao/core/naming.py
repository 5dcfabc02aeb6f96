"""File and zip-entry names: one slug function, and one way to keep a set of names apart.

Why here: the CLI (from a data file's name), the web app (from a unit's name) and the
region zip (many units in one archive) all name files after user text. A dot, slash,
line break or control character there once made reports overwrite each other; two units
with the same name would share a folder. `slug` makes any text a safe name component;
`distinct` makes a list of stems pairwise different, deterministically.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["MAX_SLUG", "distinct", "slug"]

MAX_SLUG = 60
"""Characters kept: with year, kind and suffix a name stays far below 255 bytes (UTF-8)."""

_UNSAFE = re.compile(r'[\\/:*?"<>|.\s_]+')
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def slug(text: str, fallback: str = "unnamed") -> str:
    """A name component: NFKC-folded, no path separators, dots, spaces or control marks.

    Characters Windows, zip tools or a shell treat specially become "_"; invisible ones
    (controls, format marks, unassigned) are dropped; emoji and Chinese are kept.
    """
    folded = _UNSAFE.sub("_", unicodedata.normalize("NFKC", text))
    kept = "".join(ch for ch in folded if unicodedata.category(ch) not in _DROPPED)
    cleaned = _UNSAFE.sub("_", kept).strip("_-")[:MAX_SLUG].rstrip("_-")
    return cleaned or fallback


def distinct(stems: Iterable[str]) -> list[str]:
    """The stems in order, a later repeat of an earlier one suffixed "-2", "-3" …."""
    seen: set[str] = set()
    out: list[str] = []
    for stem in stems:
        candidate, n = stem, 1
        while candidate in seen:
            n += 1
            candidate = f"{stem}-{n}"
        seen.add(candidate)
        out.append(candidate)
    return out
