"""Every read of the finance pages: the scoped, filtered, sorted dashboard in SQL.

The dashboard must stay fast with thousands of submissions, so filtering, sorting, counting
and paging happen in the database, and the charts read only the few columns they need
(`values_list`), never model instances. Scope comes from
`submissions.selectors.visible_submissions`, the one rule of who sees what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, ExpressionWrapper, F, IntegerField, Q, Value, When
from django.db.models import DecimalField as DecimalOut

from jixiao.core.evaluation import Summary
from jixiao.review.grades import UNGRADED
from jixiao.rules.review import load_review_rules, review_rules_for_region
from jixiao.web.accounts.models import Region, Role
from jixiao.web.accounts.permissions import membership
from jixiao.web.review.forms import ALL
from jixiao.web.review.models import AuditRun, ReviewComment
from jixiao.web.submissions.models import SUMMARY_COLUMNS, Status, Submission
from jixiao.web.submissions.selectors import visible_submissions

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from jixiao.core.review_rules import ReviewRules

    User = AbstractBaseUser | AnonymousUser

GAP = ExpressionWrapper(
    F("stated_score") - F("score"), output_field=DecimalOut(max_digits=8, decimal_places=2)
)
GRADE_RANK = Case(
    When(grade="优", then=Value(4)),
    When(grade="良", then=Value(3)),
    When(grade="中", then=Value(2)),
    When(grade="差", then=Value(1)),
    default=None,
    output_field=IntegerField(),
)
SORTS: dict[str, Any] = {
    "unit": F("unit__name"),
    "status": F("status"),
    "score": F("score"),
    "stated_score": F("stated_score"),
    "gap": F("gap"),
    "grade": F("grade_rank"),
    "execution_rate": F("execution_rate"),
    "errors": F("errors"),
    "warnings": F("warnings"),
    "submitted_at": F("submitted_at"),
}
"""Sortable columns (query `sort=`); anything else sorts by unit. Missing values go last."""
DEFAULT_SORT = "unit"
REACHED_BUREAU = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
"""States in which the bureau has the submission: the spot-check sample draws from these."""
DECIDED = (Status.APPROVED, Status.PUBLISHED)


@dataclass(frozen=True)
class Scope:
    """Which region and year a finance page shows, and the choices offered."""

    region: Region | None
    regions: list[Region]
    year: int | None
    years: list[int]


def review_rules(region: Region | None = None) -> ReviewRules:
    """The review rules of a region (its own file, its province's, or the default)."""
    return load_review_rules() if region is None else review_rules_for_region(region.code)


def scope_for(user: User, year: int | None, region_id: int | None) -> Scope:
    """The region (own one; any for an administrator) and year (latest with data by default)."""
    found = membership(user)
    if found is not None and found.role == Role.ADMIN:
        regions = list(Region.objects.all())
        region = next((r for r in regions if r.pk == region_id), regions[0] if regions else None)
    else:
        region = None if found is None else found.region
        regions = [] if region is None else [region]
    base = visible_submissions(user)
    if region is not None:
        base = base.filter(unit__region=region)
    years = sorted(set(base.values_list("fiscal_year", flat=True)), reverse=True)
    chosen = year if year in years else (years[0] if years else None)
    return Scope(region, regions, chosen, years)


def in_scope(user: User, scope: Scope) -> QuerySet[Submission]:
    """The user's visible submissions of the scope's region and year."""
    qs = visible_submissions(user)
    if scope.region is None or scope.year is None:
        return qs.none()
    return qs.filter(unit__region=scope.region, fiscal_year=scope.year)


def filtered(qs: QuerySet[Submission], values: dict[str, Any]) -> QuerySet[Submission]:
    """Apply the dashboard filters (status, grade, has errors, unit name search).

    No status means the reviewer's queue: what was sent and waits for the bureau (drafts
    and the units' own steps are not mixed in); `all` shows every state.
    """
    status = values.get("status")
    if not status:
        qs = qs.filter(status=Status.SUBMITTED)
    elif status != ALL:
        qs = qs.filter(status=status)
    grade = values.get("grade")
    if grade == UNGRADED:
        qs = qs.filter(grade="")
    elif grade:
        qs = qs.filter(grade=grade)
    if values.get("has_errors") == "yes":
        qs = qs.filter(errors__gt=0)
    elif values.get("has_errors") == "no":
        qs = qs.filter(errors=0)
    if values.get("q"):
        qs = qs.filter(unit__name__icontains=values["q"])
    return qs


def sort_key(values: dict[str, Any]) -> tuple[str, bool]:
    """The whitelisted sort column and whether it is descending."""
    key = values.get("sort") or DEFAULT_SORT
    return (key if key in SORTS else DEFAULT_SORT), values.get("dir") == "desc"


def sorted_rows(qs: QuerySet[Submission], key: str, descending: bool) -> QuerySet[Submission]:
    """Annotated (gap, grade rank) and ordered; ties by id so pages are stable."""
    expr = SORTS[key]
    order = expr.desc(nulls_last=True) if descending else expr.asc(nulls_last=True)
    return qs.annotate(gap=GAP, grade_rank=GRADE_RANK).order_by(order, "id")


def status_counts(qs: QuerySet[Submission]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in workflow order, zeros included."""
    found = dict(
        qs.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return [(value, str(label), int(found.get(value, 0))) for value, label in Status.choices]


def grade_counts(qs: QuerySet[Submission]) -> dict[str, int]:
    """Submissions per computed grade (优 良 中 差 未评价), by one GROUP BY."""
    found = dict(
        qs.order_by().values_list("grade").annotate(n=Count("id")).values_list("grade", "n")
    )
    out = {g: int(found.get(g, 0)) for g in ("优", "良", "中", "差")}
    out[UNGRADED] = sum(int(n) for g, n in found.items() if g not in out)
    return out


def rows(qs: QuerySet[Submission]) -> list[Summary]:
    """The stored `Summary` columns read back into the one dashboard record."""
    head = ("id", "unit__name", "status", "submitted_at")
    return [
        Summary(
            id=v[0],
            unit_name=v[1],
            status=v[2],
            submitted_at=v[3],
            **dict(zip(SUMMARY_COLUMNS, v[len(head) :], strict=True)),
        )
        for v in qs.order_by("unit__name", "id").values_list(*head, *SUMMARY_COLUMNS)
    ]


def sample_rows(user: User, scope: Scope) -> list[Summary]:
    """Rows the spot-check draws from: the scope's submissions the bureau has received."""
    return rows(in_scope(user, scope).filter(status__in=REACHED_BUREAU))


def decided_rows(user: User, scope: Scope) -> list[Summary]:
    """Approved and published submissions: those whose grade feeds next year's budget."""
    return rows(in_scope(user, scope).filter(status__in=DECIDED))


def comments_of(sub: Submission) -> QuerySet[ReviewComment]:
    """A submission's review comments, oldest first, with their authors."""
    return ReviewComment.objects.filter(submission=sub).select_related("author")


def audit_runs_for(user: User) -> QuerySet[AuditRun]:
    """Audit runs the user may reopen: their region's (all for an administrator)."""
    found = membership(user)
    if found is None:
        return AuditRun.objects.none()
    if found.role == Role.ADMIN:
        return AuditRun.objects.all()
    if found.role == Role.FINANCE_REVIEWER:
        return AuditRun.objects.filter(Q(region_id=found.region_id) | Q(author_id=user.pk))
    return AuditRun.objects.none()
