"""文字比对 in the web app: the planted copies of the test corpus, filed as self-evaluations of
one region, are found by the bureau's scan, counted on the dashboard and shown side by side."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from tests.loop.conftest import DATA
from tests.web.conftest import World

from jixiao.formats.source import read_data
from jixiao.web.accounts.models import Unit
from jixiao.web.loop import copy_scan
from jixiao.web.loop.models import TextFinding
from jixiao.web.submissions.models import Submission


def _corpus(world: World) -> dict[str, Submission]:
    """Each corpus narrative as the 项目概况 of a reported self-evaluation in 益阳市."""
    subs: dict[str, Submission] = {}
    units: dict[str, Unit] = {}
    for i, row in enumerate(read_data(DATA / "copies-corpus.yaml").data["narratives"]):
        unit = units.get(row["unit"]) or Unit.objects.create(
            region=world.regions["home"], code=f"95{i:04d}", name=row["unit"]
        )
        units[row["unit"]] = unit
        data = {"projects": [{"name": row["project"], "narrative": {"overview": row["text"]}}]}
        subs[row["key"]] = Submission.objects.create(
            unit=unit, fiscal_year=int(row["year"]), data=data, status="submitted"
        )
    return subs


def _kinds(subs: dict[str, Submission]) -> dict[str, set[tuple[str, str]]]:
    names = {s.pk: k for k, s in subs.items()}
    out: dict[str, set[tuple[str, str]]] = {}
    for f in TextFinding.objects.all():
        out.setdefault(names.get(f.submission_id, "?"), set()).add(
            (f.kind, names.get(f.other_id, "") if f.other_id else "")
        )
    return out


def test_scan_finds_the_planted_copies_of_the_year(world: World) -> None:
    subs = _corpus(world)
    done = copy_scan.scan(world.users["reviewer"], world.regions["home"], 2024)
    kinds = _kinds(subs)
    copies = {k: {c for c in v if c[0].startswith("copy")} for k, v in kinds.items()}
    assert copies["agri-2024"] == {("copy_unit", "water-2024")}
    assert copies["water-2024"] == {("copy_unit", "agri-2024")}
    assert copies["health-2024"] == {("copy_unit", "culture-2023")}  # another unit, last year
    assert copies["edu-2024"] == {("copy_year", "edu-2023")}  # own text of last year
    for unrelated in ("traffic-2024", "market-2024", "civil-2024"):
        assert not copies.get(unrelated)
    assert "edu-2023" not in kinds and "culture-2023" not in kinds  # only the year's reports
    assert done.scan.submissions == 7
    # A second scan replaces the first: the same findings, not twice as many.
    again = copy_scan.scan(world.users["reviewer"], world.regions["home"], 2024)
    assert again.counts == done.counts
    assert TextFinding.objects.count() == sum(done.counts.values())


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_dashboard_counts_and_side_by_side_page(world: World) -> None:
    subs = _corpus(world)
    reviewer = world.client("reviewer")
    dashboard = reviewer.get(reverse("review:dashboard") + "?year=2024").content.decode()
    assert "还没有做文字比对" in dashboard
    response = reviewer.post(reverse("loop:copies"), {"year": "2024"})
    assert response.status_code == 302
    scan = copy_scan.latest_scan(world.regions["home"], 2024)
    assert scan is not None
    flagged = {r["submission_id"] for r in copy_scan.flagged(scan)}
    serious = TextFinding.objects.filter(serious=True).values("submission_id").distinct().count()
    dashboard = _text(reviewer.get(reverse("review:dashboard") + "?year=2024").content.decode())
    assert f"{len(flagged)}份自评有雷同或过时的文字" in dashboard
    assert f"其中{serious}份严重" in dashboard
    listing = reviewer.get(reverse("loop:copies") + "?year=2024").content.decode()
    assert "青禾县农业农村局" in listing and "严重" in listing
    page = reviewer.get(reverse("loop:copy_detail", args=[subs["agri-2024"].pk])).content.decode()
    water = subs["water-2024"]
    assert "与青禾县水利局2024年度自评雷同" in page
    shared = re.findall(r'<mark class="shared">([^<]+)</mark>', page)
    assert len(shared) >= 2 and any("第三方" in s for s in shared)  # both sides marked
    assert water.data["projects"][0]["narrative"]["overview"][:20] in _text(page)
    page = reviewer.get(reverse("loop:copy_detail", args=[subs["edu-2024"].pk])).content.decode()
    assert "与本单位2023年度自评雷同" in page
    for shown in (listing, page, dashboard):
        assert "copy_unit" not in shown and "|" not in _text(shown).replace("||", "")
        assert "stale_year" not in shown and "other_name" not in shown


@pytest.mark.parametrize("who", ["other_reviewer", "editor"])
def test_other_regions_and_units_do_not_see_the_findings(world: World, who: str) -> None:
    subs = _corpus(world)
    copy_scan.scan(world.users["reviewer"], world.regions["home"], 2024)
    response = world.client(who).get(reverse("loop:copy_detail", args=[subs["agri-2024"].pk]))
    assert response.status_code == 403


def test_stale_years_and_other_names_are_marked(world: World) -> None:
    subs = _corpus(world)
    text = (
        "2022年度，本局按照青禾县教育局的部署，完成了全部年度任务，资金使用规范，"
        "项目管理到位，群众满意度较高，取得了良好的社会效益和经济效益。"
    )
    stale = subs["traffic-2024"]
    Submission.objects.filter(pk=stale.pk).update(data={"narrative": {"problems": text}})
    copy_scan.scan(world.users["reviewer"], world.regions["home"], 2024)
    found = {f.kind: f for f in TextFinding.objects.filter(submission=stale)}
    assert (
        found["stale_year"].found == "2022年度"
        and found["stale_year"].section == "部门整体／存在的问题"
    )
    assert found["other_name"].found == "青禾县教育局" and found["other_name"].serious
    page: Any = world.client("reviewer").get(reverse("loop:copy_detail", args=[stale.pk]))
    html = page.content.decode()
    assert '<mark class="stale">2022年度</mark>' in html
    assert '<mark class="foreign">青禾县教育局</mark>' in html


def test_every_free_text_of_a_report_is_compared() -> None:
    """Project goals and outcomes, the 项目资金 report and 公开情况说明 are texts too."""
    text = "本项目全年组织开展法律援助工作，受理案件数量稳步增长，群众满意度保持较高水平。"
    data = {
        "narrative": {
            "disclosure": {"url": "http://x", "statement": text},
            "project_funds_report": {"overview": text},
        },
        "projects": [
            {"name": "法律援助经费", "goal": text, "outcome": text, "budget": {"explanation": text}}
        ],
    }
    sections = [n.section for n in copy_scan.narratives_of(1, "甲单位", 2022, data)]
    assert sections == [
        "部门整体／信息公开／公开情况说明",
        "部门整体／项目资金绩效自评报告（多个项目合并）／项目概况",
        "法律援助经费／项目资金／预算执行原因说明",
        "法律援助经费／年度总体目标",
        "法律援助经费／实际完成情况",
    ]


def test_the_demo_units_texts_are_compared(db: None) -> None:
    """The demo's reported self-evaluations share their projects' texts: the scan sees them."""
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Region
    from jixiao.web.demo import YEAR, load_demo

    load_demo()
    reviewer = get_user_model().objects.get(username="caizheng")
    found = copy_scan.scan(reviewer, Region.objects.get(code="4309"), YEAR)
    assert found.scan.submissions == 5 and found.scan.texts > 0
    assert found.counts.get("copy_unit", 0) > 0
