"""Every read of the loop: scoped, set-based queries (no query per row), paginated lists.

The dashboards count and average in SQL over indexed columns (`RoundFiling.red`,
`Rereview.self_total` …); a page never loads more rows than it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from django.db.models.functions import Cast

from jixiao.core.goals import Adjustment, TargetSet, apply_adjustments, side_by_side
from jixiao.core.money import quantize2
from jixiao.core.targets import parse_actual
from jixiao.review.calibration import (
    CalibrationRecord,
    application_notes,
    calibrate,
    combine,
    missing_targets_risk,
    prior_risk,
)
from jixiao.rules.loop import load_loop_rules
from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.accounts.permissions import membership
from jixiao.web.loop.models import (
    AdjustmentRequest,
    CalibrationTotal,
    MonitoringRound,
    Rereview,
    RoundAlert,
    RoundFiling,
    TargetFiling,
    TargetVersion,
)
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from jixiao.core.goals import TargetRow
    from jixiao.core.loop_rules import LoopRules

    User = AbstractBaseUser | AnonymousUser

GROUPS = {
    "unit": ("unit__name", "单位"),
    "kind": ("unit_kind", "单位类型"),
    "year": ("fiscal_year", "年度"),
}


def loop_rules() -> LoopRules:
    """The loop rules (the default file; a region overrides it on JIXIAO_RULES_PATH)."""
    return load_loop_rules()


@dataclass(frozen=True)
class Locked:
    """An approved filing's locked version, approved adjustments applied, and their rows."""

    version: int
    original: TargetSet
    adjusted: TargetSet
    rows: list[TargetRow]


def locked_targets(filing: TargetFiling) -> Locked | None:
    """The latest approved version with approved adjustments on top; None before approval."""
    version = TargetVersion.objects.filter(filing=filing).order_by("-number").first()
    if version is None:
        return None
    original = TargetSet.model_validate(version.data)
    approved = AdjustmentRequest.objects.filter(
        filing=filing, status=AdjustmentRequest.Status.APPROVED
    ).order_by("decided_at", "id")
    changes = [
        Adjustment(
            project=a.project, indicator=a.indicator, new_target=a.new_target, reason=a.reason
        )
        for a in approved
    ]
    adjusted = apply_adjustments(original, changes)
    return Locked(version.number, original, adjusted, side_by_side(original, adjusted))


def last_year_actuals(filing: TargetFiling) -> dict[tuple[str, str], Decimal]:
    """Numeric actuals of the unit's previous self-evaluation, by (project, indicator)."""
    previous = (
        Submission.objects.filter(unit_id=filing.unit_id, fiscal_year=filing.fiscal_year - 1)
        .values_list("data", flat=True)
        .first()
    )
    if not isinstance(previous, dict):
        return {}
    found: dict[tuple[str, str], Decimal] = {}
    owners = [("", previous.get("department_indicators") or [])]
    owners += [
        (str(p.get("name", "")), p.get("indicators") or [])
        for p in previous.get("projects") or []
        if isinstance(p, dict)
    ]
    for owner, indicators in owners:
        for ind in indicators if isinstance(indicators, list) else []:
            if not isinstance(ind, dict) or ind.get("actual") in (None, ""):
                continue
            try:
                actual = parse_actual(
                    ind["actual"] if not isinstance(ind["actual"], float) else str(ind["actual"])
                )
            except ValueError:
                continue
            if isinstance(actual, Decimal):
                found[(owner, str(ind.get("name", "")))] = actual
    return found


def last_round_reasons(unit: Unit, year: int) -> dict[str, tuple[str, str]]:
    """Deviation reasons and measures by project from the unit's latest round of `year`."""
    latest = (
        RoundFiling.objects.filter(unit=unit, round__fiscal_year=year)
        .order_by("-round__months", "-updated_at")
        .values_list("data", flat=True)
        .first()
    )
    if not isinstance(latest, dict):
        return {}
    return {
        str(s.get("project", "")): (str(s.get("deviation_reason", "")), str(s.get("measures", "")))
        for s in latest.get("spending") or []
        if isinstance(s, dict) and (s.get("deviation_reason") or s.get("measures"))
    }


def own_unit(user: User) -> Unit | None:
    """The unit of a unit user (None for others)."""
    found = membership(user)
    return None if found is None or found.unit_id is None else found.unit


def region_of(user: User, region_id: int | None = None) -> Region | None:
    """A reviewer's region; an administrator's chosen (or first) region."""
    found = membership(user)
    if found is None:
        return None
    if found.role == Role.ADMIN:
        regions = Region.objects.all()
        return (regions.filter(pk=region_id).first() if region_id else None) or regions.first()
    return found.region if found.role == Role.FINANCE_REVIEWER else None


def filings_of_unit(unit: Unit) -> QuerySet[TargetFiling]:
    """A unit's target filings, latest year first."""
    return TargetFiling.objects.filter(unit=unit).order_by("-fiscal_year")


def filings_for_review(region: Region, year: int | None) -> QuerySet[TargetFiling]:
    """The region's filings (not drafts), with pending adjustments counted, in one query."""
    qs = TargetFiling.objects.filter(unit__region=region).exclude(status=TargetFiling.Status.DRAFT)
    if year is not None:
        qs = qs.filter(fiscal_year=year)
    return (
        qs.select_related("unit")
        .annotate(pending=Count("adjustments", filter=Q(adjustments__status="pending")))
        .order_by("status", "unit__code")
    )


def rounds_of(region: Region) -> QuerySet[MonitoringRound]:
    """A region's rounds, latest year first, with their filing and warning totals."""
    return (
        MonitoringRound.objects.filter(region=region)
        .annotate(filed=Count("filings"), reds=Sum("filings__red"), yellows=Sum("filings__yellow"))
        .order_by("-fiscal_year", "-months", "-id")
    )


def round_board(round_: MonitoringRound) -> QuerySet[RoundFiling]:
    """The dashboard rows of a round: one per unit, most red warnings first."""
    return (
        RoundFiling.objects.filter(round=round_)
        .select_related("unit")
        .order_by("-red", "-yellow", "unit__code")
    )


def alerts_for(filings: list[RoundFiling]) -> dict[int, list[RoundAlert]]:
    """The warnings of the filings on one page, in one query, by filing id."""
    out: dict[int, list[RoundAlert]] = {f.pk: [] for f in filings}
    for alert in RoundAlert.objects.filter(filing__in=filings).order_by("level", "subject", "id"):
        out[alert.filing_id].append(alert)
    return out


def round_totals(round_: MonitoringRound) -> dict[str, Any]:
    """Counts for the round's head: units filed, without targets, red, yellow, not filed."""
    totals = RoundFiling.objects.filter(round=round_).aggregate(
        filed=Count("id"),
        red_units=Count("id", filter=Q(red__gt=0)),
        reds=Sum("red"),
        yellows=Sum("yellow"),
        no_targets=Count("id", filter=Q(has_targets=False)),
    )
    units = Unit.objects.filter(region_id=round_.region_id).count()
    return {**totals, "units": units, "missing": units - (totals["filed"] or 0)}


@dataclass(frozen=True)
class Row:
    """A re-review row: an indicator of the submission with its weight and self-score."""

    key: str
    label: str
    weight: Decimal
    self_score: Decimal | None
    target: str
    actual: str


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def rereview_rows(sub: Submission) -> list[Row]:
    """The rows a reviewer scores: every indicator with a weight (分值), in form order."""
    data = sub.data if isinstance(sub.data, dict) else {}
    owners: list[tuple[str, str, Any]] = [("d", "部门整体", data.get("department_indicators"))]
    owners += [
        (f"p{i}", str(p.get("name", "")), p.get("indicators"))
        for i, p in enumerate(data.get("projects") or [])
        if isinstance(p, dict)
    ]
    rows: list[Row] = []
    for prefix, owner, indicators in owners:
        for i, ind in enumerate(indicators if isinstance(indicators, list) else []):
            if not isinstance(ind, dict):
                continue
            weight = _decimal(ind.get("weight"))
            if weight is None or weight <= 0:
                continue
            target = ind.get("target")
            shown = (
                target.get("text") or f"{target.get('comparator', '')}{target.get('value', '')}"
                if isinstance(target, dict)
                else str(target or "")
            )
            rows.append(
                Row(
                    f"{prefix}.{i}",
                    f"{owner}／{ind.get('name', '')}",
                    weight,
                    _decimal(ind.get("stated_score")),
                    f"{shown}{ind.get('unit', '') if not isinstance(target, str) else ''}",
                    str(ind.get("actual") or ""),
                )
            )
    return rows


def calibration(region: Region, by: str) -> QuerySet[Any]:
    """Calibration groups of a region: count, score sums in cents, 优 counts; largest gap first.

    Read from the running totals (`CalibrationTotal`, kept by `services.save_rereview`):
    one row per unit, unit type or year, however many re-reviews there are. Means and
    shares are worked out only for the shown page in `shown_group`. Ordered by gap
    (self − re-review mean), then by the group's name.
    """
    rows = CalibrationTotal.objects.filter(region=region, by=by, count__gt=0)
    exact = DecimalField(max_digits=30, decimal_places=10)
    return (
        rows.values(
            "count",
            "self_cents",
            "review_cents",
            "self_excellent",
            "review_excellent",
            name=F("unit__name") if by == "unit" else F("key"),
        )
        .annotate(
            gap_order=ExpressionWrapper(
                Cast(F("self_cents") - F("review_cents"), exact) / Cast(F("count"), exact),
                output_field=exact,
            )
        )
        .order_by("-gap_order", "name")
    )


def shown_group(row: dict[str, Any]) -> dict[str, Any]:
    """A calibration row with two-decimal means, their gap and 优 shares in percent."""
    count = Decimal(row["count"])
    mean_self = quantize2(Decimal(row["self_cents"]) / count / 100)
    mean_review = quantize2(Decimal(row["review_cents"]) / count / 100)
    return {
        "key": str(row["name"] or "未分类"),
        "count": row["count"],
        "mean_self": mean_self,
        "mean_review": mean_review,
        "gap": mean_self - mean_review,
        "self_excellent": quantize2(Decimal(row["self_excellent"]) * 100 / count),
        "review_excellent": quantize2(Decimal(row["review_excellent"]) * 100 / count),
    }


def _records(region: Region, year: int) -> list[CalibrationRecord]:
    """The region's re-reviews of one year as the calibration library reads them."""
    return [
        CalibrationRecord(name, kind, fy, own, review, g1, g2)
        for name, kind, fy, own, review, g1, g2 in Rereview.objects.filter(
            unit__region=region, fiscal_year=year
        ).values_list(
            "unit__name",
            "unit_kind",
            "fiscal_year",
            "self_total",
            "review_total",
            "self_grade",
            "review_grade",
        )
    ]


def calibration_notes(region: Region, year: int) -> list[dict[str, Any]]:
    """结果应用's calibration notes for `year`, largest gap first.

    The units whose re-review gap feeds year + 1's sample or makes the re-review grade the
    one applied.
    """
    rules = loop_rules().calibration
    records = _records(region, year)
    risk = prior_risk(records, year, rules)
    applied = application_notes(records, year, rules)
    return [
        {
            "unit": g.key,
            "mean_self": g.mean_self,
            "mean_review": g.mean_review,
            "gap": g.mean_gap,
            "points": risk[g.key][0] if g.key in risk else None,
            "application": applied.get(g.key, ""),
        }
        for g in calibrate(records, "unit")
        if g.key in risk or g.key in applied
    ]


def prior_for_sampling(region: Region, year: int) -> dict[str, tuple[Decimal, str]]:
    """Extra risk for `year`'s sample: last year's re-review gaps and missing approved targets."""
    rules = loop_rules().calibration
    records = _records(region, year - 1)
    approved = set(
        TargetFiling.objects.filter(
            unit__region=region, fiscal_year=year, status=TargetFiling.Status.APPROVED
        ).values_list("unit__name", flat=True)
    )
    filed = Submission.objects.filter(unit__region=region, fiscal_year=year).values_list(
        "unit__name", flat=True
    )
    return combine(
        prior_risk(records, year - 1, rules),
        missing_targets_risk([n for n in filed if n not in approved], rules),
    )


def units_with_approved_targets(region: Region, year: int) -> set[int]:
    """Unit ids of a region with approved targets for `year` (for the dashboard mark)."""
    return set(
        TargetFiling.objects.filter(
            unit__region=region, fiscal_year=year, status=TargetFiling.Status.APPROVED
        ).values_list("unit_id", flat=True)
    )
