"""The pager with unsaved typing, in a real Chromium: values survive page and tab moves.

A unit of 120 projects shows 50 a page. The clerk types on page 1, waits for the live
check, moves to page 2 (saved on the way), types there, comes back at phone width, then
types again and clicks another tab: every value is on its page and stored. The live
check's figures beside the inputs are placed once (never doubled into the panel), which
is what used to hold the browser for ~9 s after each check and make a page move take
over 15 s (docs/web-performance.md, "The edit page's pager").
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect
from tests.web.conftest import CLEAN, _user
from tests.web.e2e.conftest import WIDE
from tests.web.e2e.test_clerk import _main_fits
from tests.web.e2e.test_flow import sign_in

from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.submissions import services
from jixiao.web.submissions.paging import PAGE_SIZE

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page
    from tests.web.e2e.conftest import Shots

    from jixiao.web.submissions.models import Submission

PROJECTS = 120


def _large_draft(clerk: str) -> Submission:
    """A draft of `PROJECTS` projects (three pages), each named and numbered by its index."""
    region = Region.objects.create(code="4309", name="益阳市")
    unit = Unit.objects.create(region=region, code="401001", name="湘江县司法局")
    editor = _user(clerk, Role.UNIT_EDITOR, unit=unit)
    data = copy.deepcopy(CLEAN)
    own = data["projects"]
    data["projects"] = [
        {**copy.deepcopy(own[i % len(own)]), "name": f"项目{i:05d}", "code": f"P{i:05d}"}
        for i in range(PROJECTS)
    ]
    return services.create(editor, unit, 2023, data).submission


def _name(page: Page, index: int) -> Any:
    return page.locator(f"input[name='projects[{index}].name']")


def _on_page(page: Page, number: int) -> None:
    """Page `number` is shown and loaded (its script tracks typing only from then on)."""
    page.wait_for_load_state()
    count = -(-PROJECTS // PAGE_SIZE)
    expect(page.locator(".pager-where").first).to_have_text(f"第 {number} / {count} 页")


def _checked_live(page: Page) -> None:
    """The live check answered, and its figures went beside the inputs, each once."""
    expect(page.locator("#panel")).to_contain_text("按当前页面上尚未保存的内容检查")
    expect(page.locator("#panel [data-offers]")).to_have_count(0)
    ids = page.locator("#edit-form small.calc").evaluate_all("els => els.map(e => e.id)")
    assert ids and len(ids) == len(set(ids)), "an offer is missing or doubled"


@pytest.mark.e2e
def test_typed_values_survive_page_and_tab_moves_at_desktop_and_phone_width(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    sub = _large_draft("clerk")
    projects = f"/submissions/{sub.pk}/edit/projects/"
    page = sign_in(new_page, live_server.url, "clerk", then=projects, viewport=WIDE)
    _on_page(page, 1)

    # Page 1: type two names, let the live check answer, then 下一页 (1366 px).
    _name(page, 3).fill("第一页改过的项目")
    _name(page, 47).fill("第一页末行改过")
    expect(page.locator(".unsaved")).to_be_visible()
    _checked_live(page)
    expect(page.locator(".save-bar")).to_contain_text("切换栏目或翻页时会自动保存")
    page.evaluate("window.scrollTo(0, 0)")  # the pager and the tab's unsaved mark
    shots(page, "clerk-pager-typed-1366", whole=False)
    page.get_by_role("link", name="下一页").first.click()
    _on_page(page, 2)
    expect(page.locator(".messages")).to_contain_text("已保存“项目支出”")
    expect(_name(page, 50)).to_have_value("项目00050")
    _name(page, 60).fill("第二页改过的项目")
    expect(page.locator(".unsaved")).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    shots(page, "clerk-pager-page2-1366", whole=False)

    # Back to page 1 at phone width, through the pager under the rows.
    _main_fits(page, 390)
    page.locator("nav.pager-bottom").scroll_into_view_if_needed()
    shots(page, "clerk-pager-page2-390", whole=False)
    page.locator("nav.pager-bottom").get_by_role("link", name="上一页").click()
    _on_page(page, 1)
    expect(_name(page, 3)).to_have_value("第一页改过的项目")
    expect(_name(page, 47)).to_have_value("第一页末行改过")
    expect(page.locator(".unsaved")).to_be_hidden()
    _main_fits(page, 390)
    shots(page, "clerk-pager-back-390", whole=False)

    # Type once more and go to another tab: saved on the way; the page shows it after.
    _name(page, 4).fill("切换栏目前输入的")
    page.locator("a.tab[data-section=finance]").click()
    expect(page.locator(".messages")).to_contain_text("已保存“项目支出”")
    page.locator("a.tab[data-section=projects]").click()
    _on_page(page, 1)
    expect(_name(page, 4)).to_have_value("切换栏目前输入的")
    expect(_name(page, 3)).to_have_value("第一页改过的项目")

    sub.refresh_from_db()
    names = [p["name"] for p in sub.data["projects"]]
    assert len(names) == PROJECTS
    assert (names[3], names[4], names[47], names[60]) == (
        "第一页改过的项目",
        "切换栏目前输入的",
        "第一页末行改过",
        "第二页改过的项目",
    )
    assert names[100] == "项目00100"  # a row of the page never opened is as it was
