"""Where a rule value comes from: its legal reference, how sure it is, the years in force.

One record for every rule file (frameworks, profiles, review rules, grade bands, keyword
lists), so a page or a deduction can cite any value the same way (STYLE.md 8).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Basis", "Status"]


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
