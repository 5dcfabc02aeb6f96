"""The dashboard: region scope, whitelisted sort and filters, charts, CSV and Excel exports."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.web.conftest import SUBMIT, advance

if TYPE_CHECKING:
    from tests.web.conftest import World

DASH = reverse("review:dashboard")


def _names(response: object) -> list[str]:
    return [s.unit.name for s in response.context["page"]]  # type: ignore[attr-defined]


def test_reviewer_sees_only_own_region(world: World) -> None:
    response = world.client("reviewer").get(DASH, {"status": "all", "year": "2023"})
    assert response.status_code == 200
    ids = [s.pk for s in response.context["page"]]
    assert ids == [world.subs["clean"].pk]
    away = world.client("other_reviewer").get(DASH, {"status": "all", "year": "2023"})
    assert [s.pk for s in away.context["page"]] == [world.subs["away"].pk]


def test_reviewer_cannot_pick_another_region(world: World) -> None:
    response = world.client("reviewer").get(
        DASH, {"status": "all", "year": "2023", "region": str(world.regions["away"].pk)}
    )
    assert [s.pk for s in response.context["page"]] == [world.subs["clean"].pk]


def test_admin_chooses_region(world: World) -> None:
    response = world.client("admin").get(
        DASH, {"status": "all", "region": str(world.regions["away"].pk)}
    )
    assert [s.pk for s in response.context["page"]] == [world.subs["away"].pk]
    assert "湘江县" in response.content.decode()


def test_default_year_is_latest_with_data(world: World) -> None:
    response = world.client("reviewer").get(DASH)
    assert response.context["scope"].year == 2023


def test_garbage_sort_and_filters_are_ignored(world: World) -> None:
    client = world.client("reviewer")
    for query in (
        {"sort": "unit__region__code; DROP TABLE", "dir": "sideways"},
        {"sort": "password", "status": "nope", "grade": "甲", "page": "-3", "year": "abc"},
        {"page": "999999", "has_errors": "maybe", "region": "x"},
    ):
        response = client.get(DASH, query)
        assert response.status_code == 200, query


def test_sort_by_score_descending_and_filters(world: World) -> None:
    client = world.client("reviewer")
    both = client.get(DASH, {"status": "all", "year": "2022"})
    assert len(both.context["page"]) == 1  # one submission per year in the home region
    errors = client.get(DASH, {"status": "all", "year": "2022", "has_errors": "yes"})
    assert [s.pk for s in errors.context["page"]] == [world.subs["errors"].pk]
    clean = client.get(DASH, {"status": "all", "year": "2022", "has_errors": "no"})
    assert list(clean.context["page"]) == []
    found = client.get(DASH, {"status": "all", "year": "2023", "q": "甲单"})
    assert _names(found) == ["甲单位"]
    missing = client.get(DASH, {"status": "all", "year": "2023", "q": "不存在"})
    assert _names(missing) == []
    ranked = client.get(DASH, {"status": "all", "year": "2022", "sort": "gap", "dir": "desc"})
    row = ranked.context["page"][0]
    assert row.gap == row.stated_score - row.score


def test_status_counts_and_charts_render_without_inline_style(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    response = world.client("reviewer").get(DASH, {"status": "all", "year": "2023"})
    counts = {value: n for value, _, n in response.context["status_counts"]}
    assert counts["submitted"] == 1
    assert counts["draft"] == 0
    html = response.content.decode()
    assert html.count("<svg") == 3
    assert "style=" not in html
    assert sum(response.context["grade_chart"].bars[i].count for i in range(5)) == 1


def test_csv_has_bom_and_chinese_header(world: World) -> None:
    response = world.client("reviewer").get(
        reverse("review:export", kwargs={"fmt": "csv"}), {"status": "all", "year": "2022"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.startswith("编号,单位,年度,状态,复核计算得分,自评得分")
    assert "甲单位" in first
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_xlsx_numbers_are_numeric(world: World) -> None:
    response = world.client("reviewer").get(
        reverse("review:export", kwargs={"fmt": "xlsx"}), {"status": "all", "year": "2022"}
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    assert sheet["B1"].value == "单位"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"
    score = sheet["E2"]
    sub = world.refresh("errors")
    assert isinstance(score.value, int | float)
    assert Decimal(str(score.value)) == sub.score
    assert score.number_format == "0.00"
    assert sheet["B2"].value == "甲单位"


def test_export_unknown_format_is_404(world: World) -> None:
    response = world.client("reviewer").get(reverse("review:export", kwargs={"fmt": "exe"}))
    assert response.status_code == 404


def test_sample_and_application_pages(world: World) -> None:
    from jixiao.web.accounts.permissions import Action

    advance(world, "clean", *SUBMIT, ("reviewer", Action.APPROVE, ""))
    client = world.client("reviewer")
    sample = client.get(reverse("review:sample"), {"status": "all", "year": "2023", "seed": "2026"})
    picked = sample.context["picked"]
    assert [s.row.id for s in picked] == [world.subs["clean"].pk]
    assert picked[0].reasons
    applied = client.get(reverse("review:application"), {"status": "all", "year": "2023"}).context[
        "applied"
    ]
    assert [a.row_id for a in applied] == [world.subs["clean"].pk]
    assert applied[0].treatment


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","点击")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]
)
def test_exports_never_carry_a_live_formula(world: World, name: str) -> None:
    """A unit named like a formula is text in both exports (one function: core.cells)."""
    world.units["home"].name = name
    world.units["home"].save()
    client = world.client("reviewer")
    # status=all: the export follows the dashboard's filter, whose default queue is what waits
    # for the bureau, and this unit's submission is a draft.
    xlsx = client.get(
        reverse("review:export", kwargs={"fmt": "xlsx"}), {"year": "2022", "status": "all"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == "'" + name
    csv_text = client.get(
        reverse("review:export", kwargs={"fmt": "csv"}), {"year": "2022", "status": "all"}
    )
    row = next(csv.reader(io.StringIO(csv_text.content.decode("utf-8-sig").split("\n", 1)[1])))
    assert row[1] == "'" + name
