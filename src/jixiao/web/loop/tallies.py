"""What one re-review adds to the calibration groups (unit, unit type, year).

Plain arithmetic without the ORM, shared by `services.save_rereview` (add the new scores,
take away the old), `services.rebuild_calibration` and the migration that filled the
totals: integer cents and counts, so adding and taking away is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

EXCELLENT = "优"

#: (region id, group ("unit" / "kind" / "year"), group value, unit id for "unit" groups)
GroupKey = tuple[int, str, str, int | None]


@dataclass
class Tally:
    """Sums of one calibration group."""

    count: int = 0
    self_cents: int = 0
    review_cents: int = 0
    self_excellent: int = 0
    review_excellent: int = 0

    def add(self, other: Tally, sign: int = 1) -> None:
        """Add (sign 1) or take away (sign −1) another tally."""
        self.count += sign * other.count
        self.self_cents += sign * other.self_cents
        self.review_cents += sign * other.review_cents
        self.self_excellent += sign * other.self_excellent
        self.review_excellent += sign * other.review_excellent


@dataclass(frozen=True)
class Scored:
    """The columns of a re-review the calibration reads."""

    region_id: int
    unit_id: int
    kind: str
    year: int
    self_total: Decimal
    review_total: Decimal
    self_grade: str
    review_grade: str

    def groups(self) -> list[GroupKey]:
        """The three groups this re-review counts in."""
        return [
            (self.region_id, "unit", str(self.unit_id), self.unit_id),
            (self.region_id, "kind", self.kind, None),
            (self.region_id, "year", str(self.year), None),
        ]

    def tally(self) -> Tally:
        """What this re-review adds to each of its groups."""
        return Tally(
            1,
            int(self.self_total.scaleb(2).to_integral_value()),
            int(self.review_total.scaleb(2).to_integral_value()),
            int(self.self_grade == EXCELLENT),
            int(self.review_grade == EXCELLENT),
        )


def changes(old: Scored | None, new: Scored | None) -> dict[GroupKey, Tally]:
    """The change of every group when `old` is replaced by `new` (either may be None)."""
    out: dict[GroupKey, Tally] = {}
    for scored, sign in ((old, -1), (new, 1)):
        if scored is None:
            continue
        tally = scored.tally()
        for key in scored.groups():
            out.setdefault(key, Tally()).add(tally, sign)
    return {k: v for k, v in out.items() if v != Tally()}


def totals(rows: list[Scored]) -> dict[GroupKey, Tally]:
    """All groups of many re-reviews, in one pass."""
    out: dict[GroupKey, Tally] = {}
    for scored in rows:
        tally = scored.tally()
        for key in scored.groups():
            out.setdefault(key, Tally()).add(tally)
    return out
