"""What one re-review adds to the calibration groups (unit, unit type, year).

Plain arithmetic shared by `services.save_rereview` (add the new scores, take away the
old), the deletion of a re-review and `recount`: integer cents and counts, so adding and
taking away is exact. `recount` is the one full recount, used by
`services.rebuild_calibration` and by the migration that filled the totals, which hands
it its historical models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

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


_SCORED = (
    "unit__region_id",
    "unit_id",
    "unit_kind",
    "fiscal_year",
    "self_total",
    "review_total",
    "self_grade",
    "review_grade",
)
"""The re-review columns of `Scored`, in its order."""


def recount(rereviews: Any, calibration: Any, region_id: int | None = None) -> int:
    """Replace the calibration totals (of one region, or all) by a recount of the re-reviews.

    `rereviews` and `calibration` are the Rereview and CalibrationTotal models: the app's,
    or a migration's historical ones. One pass over the re-reviews, read before the short
    transaction that swaps the rows; returns the number of groups.
    """
    found = rereviews.objects.all()
    if region_id is not None:
        found = found.filter(unit__region_id=region_id)
    groups = totals([Scored(*values) for values in found.values_list(*_SCORED).iterator()])
    with transaction.atomic():
        stale = calibration.objects.all()
        if region_id is not None:
            stale = stale.filter(region_id=region_id)
        stale.delete()
        calibration.objects.bulk_create(
            (
                calibration(region_id=region, by=by, key=key, unit_id=unit, **vars(tally))
                for (region, by, key, unit), tally in groups.items()
            ),
            batch_size=1000,
        )
    return len(groups)
