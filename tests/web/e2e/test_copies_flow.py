"""文字比对 in a real Chromium: the bureau's dashboard says the year is not compared yet; the
reviewer runs the comparison, sees the flagged self-evaluations with their severity and
opens one: both passages side by side, the shared part marked, the other unit named, a
stale year and another unit's name marked. Screenshots at 1366 and 390 px
(docs/screenshots/web-loop-copies-*.png with JIXIAO_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect
from tests.loop.conftest import DATA
from tests.web.conftest import _user
from tests.web.e2e.test_flow import sign_in
from tests.web.e2e.test_loop_flow import both

from jixiao.formats.source import read_data
from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page
    from tests.web.e2e.conftest import Shots

STALE = "对照2022年度的工作计划，参照青禾县教育局的做法，"
"""Planted in 青禾县农业农村局's text: a stale year and another unit's name."""


@pytest.mark.e2e
def test_reviewer_compares_texts_and_reads_a_copy_side_by_side(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    base = live_server.url
    region = Region.objects.create(code="4309", name="青禾县")
    _user("reviewer", Role.FINANCE_REVIEWER, region=region)
    units: dict[str, Unit] = {}
    for i, row in enumerate(read_data(DATA / "copies-corpus.yaml").data["narratives"]):
        unit = units.get(row["unit"]) or Unit.objects.create(
            region=region, code=f"95{i:04d}", name=row["unit"]
        )
        units[row["unit"]] = unit
        text = row["text"]
        if row["key"] == "agri-2024":
            text = STALE + text
        data = {"projects": [{"name": row["project"], "narrative": {"overview": text}}]}
        Submission.objects.create(
            unit=unit, fiscal_year=int(row["year"]), data=data, status="submitted"
        )

    reviewer = sign_in(new_page, base, "reviewer", then="/review/dashboard/?year=2024")
    finding = reviewer.locator(".copy-finding")
    expect(finding).to_contain_text("还没有做文字比对")
    finding.get_by_role("link", name="去比对").click()
    reviewer.get_by_role("button", name="开始比对").click()
    expect(reviewer.locator(".messages")).to_contain_text("已比对7份自评")
    rows = reviewer.locator("table.grid tbody tr")
    expect(rows.first).to_contain_text("严重")
    both(reviewer, shots, "copies-list")

    reviewer.goto(f"{base}/review/dashboard/?year=2024")
    expect(finding).to_contain_text("份自评有雷同或过时的文字")
    expect(finding).to_contain_text("份严重")
    both(reviewer, shots, "copies-dashboard")

    finding.get_by_role("link", name="逐份对照").click()
    rows.filter(has_text="青禾县农业农村局").get_by_role("link", name="对照查看").click()
    main = reviewer.locator("main")
    expect(main).to_contain_text("与青禾县水利局2024年度自评雷同")
    pair = reviewer.locator(".copy-pair").first
    expect(pair.locator(".side-by-side > div")).to_have_count(2)
    expect(pair.locator(".side-by-side > div").nth(1)).to_contain_text("青禾县水利局")
    assert pair.locator("mark.shared").count() >= 2
    expect(pair.locator("mark.stale")).to_have_text("2022年度")
    expect(pair.locator("mark.foreign")).to_have_text("青禾县教育局")
    both(reviewer, shots, "copies-detail")
