"""Copied text across a region's self-evaluations: the scan (a write) and what pages read.

The comparison itself is the library's (`review.copies`): every narrative section of the
year's self-evaluations is compared with every other unit's of the same year and with
every unit's of the year before (last year's text reused with the year changed), and
each section is searched for stale years and other units' or projects' names. The scan
reads and compares outside any transaction (seconds for thousands of reports) and then
replaces the year's findings in one short transaction, so pages always read a complete
scan: the dashboard counts stored rows, the reviewer's page reads one submission's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from pydantic import AfterValidator, BaseModel

from jixiao.core.model import Narrative as DepartmentNarrative
from jixiao.core.model import Project
from jixiao.review.copies import (
    CopyFinding,
    NameFinding,
    Narrative,
    find_copies,
    find_foreign_names,
    find_stale_years,
)
from jixiao.web.accounts.permissions import require_reviewer
from jixiao.web.loop.models import CopyScan, TextFinding
from jixiao.web.submissions.models import Status, Submission
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from jixiao.web.accounts.models import Region

    User = AbstractBaseUser | AnonymousUser


@cache
def free_text(model: type[BaseModel]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Every free-text field under a model: (field path, its section title).

    Free text is a plain `str` field (a `Line` — names, codes, titles — is not), in the
    model and in the models nested in it (not in lists: an indicator's reason is a row
    of a table, not a report's text). Read from the model, so a text field added to a
    report is compared without touching the scan. A project's 文字说明 wrapper is left
    out of the title ("普法宣传经费／项目概况").
    """
    found: list[tuple[tuple[str, ...], str]] = []
    for name, info in model.model_fields.items():
        title = str(info.title or name)
        if info.annotation is str and not any(isinstance(m, AfterValidator) for m in info.metadata):
            found.append(((name,), title))
        elif isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            for path, inner in free_text(info.annotation):
                found.append(((name, *path), inner if name == "narrative" else f"{title}／{inner}"))
    return tuple(found)


def _texts(data: dict[str, Any], model: type[BaseModel]) -> list[tuple[str, str]]:
    """(section title, text) of every non-blank free-text field of `data`."""
    found = []
    for path, title in free_text(model):
        value: Any = data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str) and value.strip():
            found.append((title, value))
    return found


def narratives_of(pk: int, unit: str, year: int, data: Any) -> list[Narrative]:
    """The free-text sections of one self-evaluation, each named for a reader.

    Keys are "submission id|section name"; the department's sections (the report's
    narrative, its 公开情况说明 and 项目资金绩效自评报告) are under 部门整体, a project's
    (目标, 实际完成情况, 原因说明 and its 文字说明) under its name, so another unit's
    project name is recognised in a text.
    """
    if not isinstance(data, dict):
        return []
    found: list[Narrative] = []
    narrative = data.get("narrative")
    if isinstance(narrative, dict):
        for title, text in _texts(narrative, DepartmentNarrative):
            section = f"部门整体／{title}"
            found.append(Narrative(f"{pk}|{section}", unit, year, text, "", section))
    for project in data.get("projects") or []:
        if not isinstance(project, dict):
            continue
        name = str(project.get("name") or "")
        for title, text in _texts(project, Project):
            section = f"{name or '项目'}／{title}"
            found.append(Narrative(f"{pk}|{section}", unit, year, text, name, section))
    return found


def _pk(narrative: Narrative) -> int:
    return int(narrative.key.split("|", 1)[0])


def _covered(spans: list[list[int]], length: int) -> Decimal:
    chars = len({i for start, end in spans for i in range(start, end)})
    return (Decimal(chars * 100) / Decimal(max(length, 1))).quantize(Decimal("0.01"))


def _copy_rows(copy: CopyFinding, year: int) -> list[TextFinding]:
    """A copy seen from each side that belongs to the scanned year."""
    rows = []
    a_spans = [[p.a_start, p.a_end] for p in copy.passages]
    b_spans = [[p.b_start, p.b_end] for p in copy.passages]
    kind = TextFinding.Kind.COPY_UNIT if copy.a.unit != copy.b.unit else TextFinding.Kind.COPY_YEAR
    for own, spans, other, other_spans in (
        (copy.a, a_spans, copy.b, b_spans),
        (copy.b, b_spans, copy.a, a_spans),
    ):
        if own.year != year:
            continue
        rows.append(
            TextFinding(
                submission_id=_pk(own),
                kind=kind,
                serious=kind == TextFinding.Kind.COPY_UNIT,
                section=own.section[:250],
                text=own.text,
                spans=spans,
                other_id=_pk(other),
                other_section=other.section[:250],
                other_text=other.text,
                other_spans=other_spans,
                share=_covered(spans, len(own.text)),
            )
        )
    return rows


def _name_rows(names: list[NameFinding]) -> list[TextFinding]:
    """Stale years and other names, one row per section and kind, every place marked."""
    grouped: dict[tuple[str, str], list[NameFinding]] = {}
    for finding in names:
        kind = "stale_year" if finding.kind == "stale_year" else "other_name"
        grouped.setdefault((finding.narrative.key, kind), []).append(finding)
    rows = []
    for (_key, kind), found in grouped.items():
        narrative = found[0].narrative
        words = list(dict.fromkeys(f.found for f in found))
        rows.append(
            TextFinding(
                submission_id=_pk(narrative),
                kind=kind,
                serious=kind == "other_name",
                section=narrative.section[:250],
                text=narrative.text,
                spans=sorted([f.start, f.end] for f in found),
                found="、".join(words)[:500],
            )
        )
    return rows


@dataclass(frozen=True)
class Scanned:
    """What a scan stored: the scan and how many findings of each kind."""

    scan: CopyScan
    counts: dict[str, int]


def scan(user: User, region: Region, year: int) -> Scanned:
    """Compare a region's reported self-evaluations of `year`; replace the stored findings.

    Compared with each other and with the year before (drafts are not compared).

    Raises:
        Refused: more texts than the comparison's bounds allow (message in Chinese).
    """
    require_reviewer(user)
    rows = (
        Submission.objects.filter(unit__region=region, fiscal_year__in=(year, year - 1))
        .exclude(status=Status.DRAFT)
        .values_list("pk", "unit__name", "fiscal_year", "data")
    )
    narratives: list[Narrative] = []
    submissions = 0
    for pk, unit, fiscal_year, data in rows.iterator(chunk_size=500):
        narratives += narratives_of(pk, unit, fiscal_year, data)
        submissions += fiscal_year == year
    try:
        copies = find_copies(narratives)
        names = find_foreign_names(narratives)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    this_year = [n for n in narratives if n.year == year]
    names = [f for f in names if f.narrative.year == year]
    names += [f for n in this_year for f in find_stale_years(n)]
    by: Any = user if user.is_authenticated else None
    findings = [row for c in copies for row in _copy_rows(c, year)] + _name_rows(names)
    with transaction.atomic():
        found, _ = CopyScan.objects.update_or_create(
            region=region,
            fiscal_year=year,
            defaults={
                "scanned_at": timezone.now(),
                "texts": len(this_year),
                "submissions": submissions,
                "scanned_by": by,
            },
        )
        TextFinding.objects.filter(scan=found).delete()
        for row in findings:
            row.scan = found
        TextFinding.objects.bulk_create(findings, batch_size=1000)
    counts: dict[str, int] = {}
    for row in findings:
        counts[row.kind] = counts.get(row.kind, 0) + 1
    return Scanned(found, counts)


def latest_scan(region: Region | None, year: int | None) -> CopyScan | None:
    """The stored scan of a region and year (None before the first)."""
    if region is None or year is None:
        return None
    return CopyScan.objects.filter(region=region, fiscal_year=year).first()


def flagged(scan_: CopyScan) -> QuerySet[Any]:
    """One row per self-evaluation with findings: its unit and counts by kind, serious first."""
    kinds = TextFinding.Kind
    return (
        TextFinding.objects.filter(scan=scan_)
        .values("submission_id", "submission__unit__name")
        .annotate(
            serious=Count("id", filter=Q(serious=True)),
            copy_unit=Count("id", filter=Q(kind=kinds.COPY_UNIT)),
            copy_year=Count("id", filter=Q(kind=kinds.COPY_YEAR)),
            stale_year=Count("id", filter=Q(kind=kinds.STALE_YEAR)),
            other_name=Count("id", filter=Q(kind=kinds.OTHER_NAME)),
        )
        .order_by("-serious", "-copy_unit", "submission__unit__name", "submission_id")
    )


def finding_counts(scan_: CopyScan) -> dict[str, int]:
    """For the dashboard: self-evaluations with any finding, and with a serious one."""

    def subs(condition: Q | None = None) -> Count:
        return Count("submission_id", distinct=True, filter=condition)

    counts: dict[str, int] = TextFinding.objects.filter(scan=scan_).aggregate(
        flagged=subs(),
        serious=subs(Q(serious=True)),
        copied=subs(Q(kind__in=("copy_unit", "copy_year"))),
        stale=subs(Q(kind__in=("stale_year", "other_name"))),
    )
    return counts


def findings_of(scan_: CopyScan, submission: Submission) -> list[TextFinding]:
    """One self-evaluation's findings with the other self-evaluations' units (one query)."""
    return list(
        TextFinding.objects.filter(scan=scan_, submission=submission).select_related("other__unit")
    )
