"""The clerk's day in a real Chromium: nothing typed is lost, Excel goes both ways.

Each test drives the pages the way a finance clerk does — typing, clicking another tab,
pressing Ctrl+S, uploading the corrected workbook — and screenshots what it saw
(docs/screenshots/web-clerk-*.png with JIXIAO_UPDATE_SCREENSHOTS=1) at 1366 and 390 px.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from tests.web.conftest import CLEAN, PASSWORD, _user
from tests.web.e2e.conftest import WIDE
from tests.web.e2e.test_flow import sign_in

from jixiao.core.validation import build_submission
from jixiao.formats.excel import export_submission
from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Submission
from jixiao.web.submissions.selectors import profile_options

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Dialog, Page
    from tests.web.e2e.conftest import Shots

UNIT = "湘江县司法局"


def _draft(clerk: Any) -> Submission:
    region = Region.objects.create(code="4309", name="益阳市")
    unit = Unit.objects.create(region=region, code="401001", name=UNIT)
    editor = _user(clerk, Role.UNIT_EDITOR, unit=unit)
    return services.create(editor, unit, 2023, copy.deepcopy(CLEAN)).submission


def _fits(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{width} px: the page is {wide} px wide"


@pytest.mark.e2e
def test_typing_survives_a_tab_switch_ctrl_s_and_a_lost_session(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    sub = _draft("clerk")
    page = sign_in(new_page, live_server.url, "clerk", then=f"/submissions/{sub.pk}/edit/finance/")
    total = page.locator("#f-finance-revenue-total")

    # Type, click another tab, come back: the value is there (saved on the way).
    total.fill("2700.00")
    expect(page.locator(".unsaved")).to_be_visible()
    expect(page.locator("a.tab.active .dirty-mark")).to_be_visible()
    shots(page, "clerk-edit-unsaved")
    page.get_by_role("link", name=re.compile("经济分类")).click()
    expect(page.locator("a.tab.active")).to_have_text(re.compile("经济分类"))
    expect(page.locator(".messages")).to_contain_text("已保存“收支情况”")
    page.get_by_role("link", name=re.compile("收支情况")).click()
    expect(page.locator("#f-finance-revenue-total")).to_have_value("2700.00")
    expect(page.locator(".unsaved")).to_be_hidden()

    # Ctrl+S saves the tab in place.
    page.locator("#f-finance-revenue-total").fill("2710.00")
    page.keyboard.press("Control+s")
    expect(page.locator(".messages")).to_contain_text("已保存“收支情况”")
    expect(page.locator("#f-finance-revenue-total")).to_have_value("2710.00")
    sub.refresh_from_db()
    assert sub.data["finance"]["revenue"]["total"] == "2710.00"

    # The session ends while typing: the save is refused (no cookies: a CSRF page), and
    # the typed value is offered back when the clerk signs in again and opens the tab.
    page.locator("#f-finance-revenue-total").fill("2720.00")
    page.context.clear_cookies()
    page.get_by_role("button", name="保存本栏目").click()
    expect(page.locator("body")).to_contain_text("403")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/submissions/{sub.pk}/edit/finance/")
    expect(page.locator(".draft-restored")).to_be_visible()
    expect(page.locator("#f-finance-revenue-total")).to_have_value("2720.00")
    page.keyboard.press("Control+s")
    expect(page.locator(".messages")).to_contain_text("已保存“收支情况”")
    sub.refresh_from_db()
    assert sub.data["finance"]["revenue"]["total"] == "2720.00"
    page.reload()
    expect(page.locator(".draft-restored")).to_be_hidden()


@pytest.mark.e2e
def test_leaving_with_unsaved_typing_asks_first(
    live_server: Any, new_page: Callable[[], Page]
) -> None:
    sub = _draft("clerk")
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/submissions/{sub.pk}/edit/unit/")
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    field = page.locator("textarea").first
    field.click()
    page.keyboard.type("新的职能说明")
    page.locator("p.crumbs a").first.click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert "/edit/unit/" in page.url


@pytest.mark.e2e
def test_excel_reimport_previews_then_confirms(
    live_server: Any, new_page: Callable[[], Page], shots: Shots, tmp_path: Path
) -> None:
    sub = _draft("clerk")
    data: dict[str, Any] = copy.deepcopy(CLEAN)
    data["finance"]["revenue"]["total"] = "2700.00"
    model, problems = build_submission(data)
    assert model is not None and not problems
    workbook = tmp_path / f"{UNIT}2023年自评（改）.xlsx"
    export_submission(model, workbook, profile_options().economic_classes)

    page = sign_in(new_page, live_server.url, "clerk", then="/submissions/")
    page.set_input_files("input[type=file]", str(workbook))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.locator("h1")).to_contain_text("导入预览")
    row = page.locator("table.import-changes tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("本年总收入")
    expect(row.locator("td.new")).to_have_text("2700.00")
    # A unit's clerk has no API: the menu names neither the API page nor its tokens.
    menu = page.locator(".topbar")
    expect(menu).to_contain_text("我的自评")
    expect(menu).not_to_contain_text("接口令牌")
    expect(menu).not_to_contain_text("数据接口")
    page.set_viewport_size({"width": 1366, "height": 900})
    shots(page, "clerk-import-preview-1366")
    _fits(page, 390)
    shots(page, "clerk-import-preview-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name=re.compile("确认导入")).click()
    expect(page.locator(".messages")).to_contain_text("已按")
    expect(page.locator("h1")).to_contain_text("第2版")
    sub.refresh_from_db()
    assert sub.data["finance"]["revenue"]["total"] == "2700.00"


@pytest.mark.e2e
def test_take_and_a_typed_class_code_fill_the_form_and_are_saved(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    sub = _draft("clerk")
    data = copy.deepcopy(sub.data)
    data["finance"]["revenue"]["total"] = "1.00"  # sources say 2610.30 + 70.20 = 2680.50
    services.save(
        get_user_model().objects.get(username="clerk"), sub, data, base_version=sub.version
    )
    finance = f"/submissions/{sub.pk}/edit/finance/"
    page = sign_in(new_page, live_server.url, "clerk", then=finance, viewport=WIDE)
    total = page.locator("#f-finance-revenue-total")
    expect(total).to_have_value("1.00")

    # 采用: the sum of the parts goes into the input as if typed (unsaved until saved).
    take = page.locator('button.calc-take[data-fill="f-finance-revenue-total"]')
    expect(take).to_be_visible()
    expect(take).to_have_attribute("data-value", "2680.50")
    take.click()
    expect(total).to_have_value("2680.50")
    expect(page.locator(".unsaved")).to_be_visible()
    shots(page, "clerk-take-sum-1366")

    # Another tab: saved on the way. A new line's 科目名称 fills from the code typed.
    page.get_by_role("link", name=re.compile("经济分类")).click()
    expect(page.locator(".messages")).to_contain_text("已保存“收支情况”")
    add = page.locator('button.add-row[hx-get$="list=finance.expenditure.basic.by_economic_class"]')
    index = add.get_attribute("data-next-index")
    add.click()
    row = f"#f-finance-expenditure-basic-by_economic_class-{index}"
    expect(page.locator(f"{row}-code")).to_be_visible()
    page.locator(f"{row}-code").fill("30201")
    page.locator(f"{row}-code").press("Tab")  # leaving the code field, as a clerk does
    expect(page.locator(f"{row}-name")).to_have_value("办公费")
    page.locator(f"{row}-amount").fill("12.00")
    shots(page, "clerk-class-name-1366")
    page.keyboard.press("Control+s")
    expect(page.locator(".messages")).to_contain_text("已保存")

    # Back on the first tab the taken value is still there, and both are stored.
    page.get_by_role("link", name=re.compile("收支情况")).click()
    expect(page.locator("#f-finance-revenue-total")).to_have_value("2680.50")
    sub.refresh_from_db()
    assert sub.data["finance"]["revenue"]["total"] == "2680.50"
    lines = sub.data["finance"]["expenditure"]["basic"]["by_economic_class"]
    assert {"code": "30201", "name": "办公费", "amount": "12.00"} in lines


def _main_fits(page: Page, width: int) -> None:
    """Nothing in the page body is wider than a phone (the top menu is the layout's)."""
    page.set_viewport_size({"width": width, "height": 900})
    wide = page.evaluate("document.querySelector('main').scrollWidth")
    room = page.evaluate("document.querySelector('main').clientWidth")
    assert wide <= room, f"{page.url} at {width} px: content is {wide} px in {room} px"


@pytest.mark.e2e
def test_clerk_pages_at_desktop_and_phone_width(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    sub = _draft("clerk")
    page = sign_in(new_page, live_server.url, "clerk")
    pages = {
        "clerk-list": "/submissions/",
        "clerk-detail": f"/submissions/{sub.pk}/",
        "clerk-edit-finance": f"/submissions/{sub.pk}/edit/finance/",
        "clerk-edit-classes": f"/submissions/{sub.pk}/edit/classes/",
        "clerk-edit-report": f"/submissions/{sub.pk}/edit/report/",
    }
    for name, url in pages.items():
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(live_server.url + url)
        expect(page.locator("h1")).to_be_visible()
        shots(page, f"{name}-1366")
        _main_fits(page, 390)
        shots(page, f"{name}-390")
