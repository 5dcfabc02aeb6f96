"""Every read of the public pages: only published copies, never a submission itself.

The public reads `Publication`/`PublishedDocument` rows only; these were redacted when
the copy was made (`services.publish_copy`), so no query here can reach a 涉密 project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from jixiao.web.accounts.models import Region
from jixiao.web.publishing.models import Publication, PublishedDocument

if TYPE_CHECKING:
    from django.db.models import QuerySet


@dataclass
class Report:
    """One published report in its formats (the HTML to read, the Word file to download)."""

    title: str
    slug: str
    html: PublishedDocument | None = None
    docx: PublishedDocument | None = None


@dataclass(frozen=True)
class RegionYear:
    """One region and year with published reports, for the index page."""

    code: str
    name: str
    year: int
    count: int


def published() -> QuerySet[Publication]:
    """All published copies, newest year first (the public API list)."""
    return Publication.objects.select_related("region").order_by(
        "-fiscal_year", "region__code", "unit_name", "pk"
    )


def region_years() -> list[RegionYear]:
    """Regions and years that have at least one published report."""
    rows = (
        Publication.objects.values("region__code", "region__name", "fiscal_year")
        .annotate(count=Count("id"))
        .order_by("region__code", "-fiscal_year")
    )
    return [
        RegionYear(r["region__code"], r["region__name"], r["fiscal_year"], r["count"]) for r in rows
    ]


def region_by_code(code: str) -> Region:
    """The region, 404 when no such code."""
    return get_object_or_404(Region, code=code)


def publications_in(region: Region, year: int) -> QuerySet[Publication]:
    """The published reports of one region and year, by unit name."""
    return Publication.objects.filter(region=region, fiscal_year=year).order_by("unit_name", "pk")


def publication(pk: int) -> Publication:
    """One publication with its documents (metadata only), 404 when not published."""
    return get_object_or_404(
        Publication.objects.select_related("region").prefetch_related(
            Prefetch("documents", queryset=PublishedDocument.objects.defer("content"))
        ),
        pk=pk,
    )


def document(pk: int) -> PublishedDocument:
    """One published file, 404 when it does not exist."""
    return get_object_or_404(PublishedDocument.objects.select_related("publication"), pk=pk)


def reports_of(pub: Publication) -> list[Report]:
    """The publication's documents grouped by report, department report first."""
    reports: dict[str, Report] = {}
    for doc in pub.documents.all():
        stem, _, suffix = doc.file_name.rpartition(".")
        report = reports.setdefault(stem, Report(doc.title, doc.slug))
        if suffix == "html":
            report.html, report.title = doc, doc.title
        elif suffix == "docx":
            report.docx = doc
    return sorted(reports.values(), key=lambda r: (r.slug != "department", r.slug))
