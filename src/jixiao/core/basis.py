"""Where a rule value comes from: its legal reference, how sure it is, the years in force.

One record for every rule file (frameworks, profiles, review rules, grade bands, keyword
lists), so a page or a deduction can cite any value the same way (STYLE.md 8).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Basis", "Status", "for_readers"]


class Status(StrEnum):
    """How sure the rule is (RULES.md tags): read in a source, seen in practice, or recalled."""

    SEEN = "SEEN"
    PRACTICE = "PRACTICE"
    UNCONFIRMED = "UNCONFIRMED"


@dataclass(frozen=True, slots=True)
class Basis:
    """The legal reference of a value, its status and (when dated) the fiscal years in force."""

    reference: str
    status: Status
    years: tuple[int, int] | None = None

    def span(self) -> str:
        """The years in force as text ("2020–2099年"), empty when undated."""
        return "" if self.years is None else f"{self.years[0]}–{self.years[1]}年"

    def covers(self, year: int) -> bool:
        """Whether the value is in force for a fiscal year (an undated value always is)."""
        return self.years is None or self.years[0] <= year <= self.years[1]


_INTERNAL = re.compile(r"[a-z_]{3,}|RULES\.md|DESIGN\.md|§|厂商")
"""Marks of a maintainer's note: a file, URL or vendor identifier, a section sign."""
_GROUP = re.compile(r"[（(]([^（）()]*)[）)]")
_CLAUSES = re.compile(r"[^；;]+[；;]?")
_PIECES = re.compile(r"[^；;，,、]+[；;，,、]?")


def for_readers(reference: str) -> str:
    """A reference as a page shows it: document names and 文号, without maintainers' notes.

    Rule files cite their sources for maintainers too (RULES.md sections, URLs, vendor
    rule names, "jixiao 暂定"). A reader of a page needs the policy and its 文号, so every
    clause (；) or bracketed piece (、；，) that carries such a mark is dropped, and what
    remains is tidied. The full text stays in the JSON, the API and the CLI.
    """

    def keep(text: str, split: re.Pattern[str] = _CLAUSES) -> str:
        pieces = [p for p in split.findall(text) if not _INTERNAL.search(p)]
        return "".join(pieces).rstrip("；;，,、 ")

    def group(match: re.Match[str]) -> str:
        inner = keep(match.group(1), _PIECES)
        return f"（{inner}）" if inner.strip() else ""

    previous = None
    text = reference
    while previous != text:  # innermost groups first
        previous, text = text, _GROUP.sub(group, text)
    return keep(text).strip()
