"""The reviewer's workbench, deadlines, 待办 and 撤回 in a real Chromium (issue 14).

The bureau sets a deadline and reminds a unit from the 未报送/催报 list; the unit's
editor sees the deadline banner with the days left and a 待办 list, submits and takes
it back (撤回); the head forwards and takes it back before the bureau opens it; the
reviewer approves three submissions in one bulk decision, opens a review page at 1366
and 390 px (menu folded, no sideways scrolling) and prints it to PDF, which is turned
into an image to look at. Screenshots go to docs/screenshots/ with
JIXIAO_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import copy
import os
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.web.conftest import CLEAN, _user
from tests.web.e2e.conftest import SCREENSHOTS
from tests.web.e2e.test_flow import sign_in, status_is

from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Status, Submission

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page, ViewportSize
    from tests.web.e2e.conftest import Shots

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}


def _sent(admin: Any, region: Region, code: str, name: str) -> Submission:
    unit = Unit.objects.create(region=region, code=code, name=name)
    sub = services.create(admin, unit, 2023, copy.deepcopy(CLEAN)).submission
    for action in (Action.SEND_TO_APPROVER, Action.FORWARD):
        sub = services.move(admin, sub, action)
    return sub


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"390 px: the page is {width} px wide"


@pytest.mark.e2e
def test_workbench_deadline_todo_withdraw_bulk_phone_and_print(
    live_server: Any, new_page: Callable[[], Page], shots: Shots, tmp_path: Path
) -> None:
    base = live_server.url
    region = Region.objects.create(code="4309", name="益阳市")
    home = Unit.objects.create(region=region, code="901001", name="益阳市司法局")
    _user("editor", Role.UNIT_EDITOR, unit=home)
    _user("approver", Role.UNIT_APPROVER, unit=home)
    _user("reviewer", Role.FINANCE_REVIEWER, region=region)
    admin = _user("admin", Role.ADMIN)
    services.create(admin, home, 2023, copy.deepcopy(CLEAN))
    sent = [
        _sent(admin, region, f"90200{i}", name)
        for i, name in enumerate(("益阳市财政局", "益阳市教育局", "益阳市民政局"))
    ]
    Unit.objects.create(region=region, code="903001", name="益阳市档案馆")  # not started

    # The bureau sets the deadline and reminds the unit that has not started.
    reviewer = sign_in(
        new_page, base, "reviewer", then="/notices/missing/?year=2023", viewport=DESKTOP
    )
    due = timezone.localdate() + timedelta(days=20)
    reviewer.fill("#id_due", due.isoformat())
    reviewer.get_by_role("button", name="设置截止日期").click()
    expect(reviewer.locator(".messages")).to_contain_text("已设置益阳市2023年度报送截止日期")
    expect(reviewer.locator(".deadline-now")).to_contain_text("还剩20天")
    row = reviewer.locator("tr", has_text="益阳市档案馆")
    expect(row).to_contain_text("未建立")
    row.get_by_role("button", name="催报").click()
    expect(reviewer.locator(".messages")).to_contain_text("益阳市档案馆还没有登记填报人")
    shots(reviewer, "missing")

    # The editor: deadline banner with the days left, 待办, submit, then 撤回.
    editor = sign_in(new_page, base, "editor", then="/submissions/", viewport=DESKTOP)
    expect(editor.locator(".deadline-banner")).to_contain_text("2023年度绩效自评报送截止日期")
    expect(editor.locator(".deadline-banner")).to_contain_text("还剩20天")
    expect(editor.locator("#todo")).to_contain_text("草稿，填报完成后提交单位审核")
    shots(editor, "list-todo")
    editor.locator("#todo a").first.click()
    editor.locator("form.move-form").get_by_role("button", name="提交单位审核").click()
    status_is(editor, "单位审核")
    editor.locator("form.move-form").get_by_role("button", name="撤回").click()
    expect(editor.locator(".messages")).to_contain_text("已撤回")
    status_is(editor, "草稿")
    expect(editor.locator("table", has_text="状态变化")).to_contain_text("撤回")
    editor.locator("form.move-form").get_by_role("button", name="提交单位审核").click()
    status_is(editor, "单位审核")

    # The head sees it in 待办 and in a notification, forwards, and takes it back.
    head = sign_in(new_page, base, "approver", then="/notices/", viewport=DESKTOP)
    expect(head.locator("#todo")).to_contain_text("等待您审核，同意后报送财政")
    expect(head.locator(".notice-list")).to_contain_text("等待您审核同意报送")
    shots(head, "notices")
    head.locator("#todo a").first.click()
    head.locator("form.move-form").get_by_role("button", name="报送财政").click()
    status_is(head, "已报送财政")
    head.locator("form.move-form").get_by_role("button", name="撤回").click()
    status_is(head, "单位审核")
    head.locator("form.move-form").get_by_role("button", name="报送财政").click()
    status_is(head, "已报送财政")

    # The reviewer: the queue with 待办, a bulk approval of three.
    reviewer.set_viewport_size(DESKTOP)
    reviewer.goto(f"{base}/review/dashboard/?year=2023")
    expect(reviewer.locator("#todo")).to_contain_text("待审核的自评：4份")
    rows = reviewer.locator("table.dashboard tbody tr")
    expect(rows).to_have_count(4)
    shots(reviewer, "dashboard-queue")
    for sub in sent:
        reviewer.locator(f'input[name=ids][value="{sub.pk}"]').check()
    expect(reviewer.locator("[data-picked-count]")).to_have_text("已勾选3份")
    reviewer.select_option("#bulk-action", "approve")
    reviewer.fill("textarea[name=comment]", "经审核，同意。")
    reviewer.get_by_role("button", name="执行").click()
    expect(reviewer.locator(".messages")).to_contain_text("已审核通过3份")
    assert {s.status for s in Submission.objects.filter(pk__in=[s.pk for s in sent])} == {
        Status.APPROVED
    }
    expect(rows).to_have_count(1)  # only the head's submission still waits

    # The review page: links, 流转记录 with the head's 同意报送; opening ends 撤回.
    waiting = Submission.objects.get(unit=home)
    reviewer.goto(f"{base}/review/submission/{waiting.pk}/")
    expect(reviewer.locator(".review-links")).to_contain_text("历史版本")
    expect(reviewer.locator("#record")).to_contain_text("同意报送")
    expect(reviewer.locator("#record")).to_contain_text("撤回")
    shots(reviewer, "review-1366")
    head.reload()
    expect(head.locator("form.move-form").get_by_role("button", name="撤回")).to_have_count(0)

    # Phone: the menu folds behind a button, nothing scrolls sideways.
    reviewer.set_viewport_size(PHONE)
    reviewer.reload()
    expect(reviewer.locator(".menu")).to_be_hidden()
    _fits(reviewer)
    shots(reviewer, "review-390")
    reviewer.locator(".menu-button").click()
    expect(reviewer.locator(".menu")).to_be_visible()
    expect(reviewer.get_by_role("link", name="未报送/催报").first).to_be_visible()
    shots(reviewer, "review-390-menu")
    reviewer.goto(f"{base}/review/dashboard/?year=2023&status=all")
    _fits(reviewer)  # the bureau's tabs wrap as whole words
    tab = reviewer.locator(".review-tabs a").first.bounding_box()
    assert tab is not None and tab["height"] < 60, tab  # one line, not a character per line
    shots(reviewer, "dashboard-390")
    editor.set_viewport_size(PHONE)
    editor.goto(f"{base}/submissions/")
    _fits(editor)
    shots(editor, "list-390")
    editor.goto(f"{base}/submissions/{waiting.pk}/")
    _fits(editor)
    shots(editor, "detail-390")
    head.set_viewport_size(PHONE)
    head.goto(f"{base}/notices/")
    _fits(head)
    shots(head, "notices-390")

    # Print: the review page to PDF (print stylesheet), then an image to look at.
    reviewer.set_viewport_size(DESKTOP)
    reviewer.goto(f"{base}/review/submission/{waiting.pk}/")
    reviewer.emulate_media(media="print")
    pdf = tmp_path / "review.pdf"
    reviewer.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "益阳市司法局" in text and "流转记录" in text
    assert "报告核查" not in text and "添加意见" not in text  # no menu, no forms on paper
    assert "审核决定" not in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "print")],
        check=True,
    )
    # The editor prints its section: the typed text whole, no menu, tabs or buttons.
    editor.set_viewport_size(DESKTOP)
    editor.goto(f"{base}/submissions/{waiting.pk}/edit/unit/")
    editor.emulate_media(media="print")
    editor.pdf(path=str(tmp_path / "editor.pdf"), format="A4")
    printed = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "editor.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "公共法律服务体系建设等职责" in "".join(printed.split())  # a long textarea's end
    assert "我的自评" not in printed and "保存本栏目" not in printed
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "editor.pdf"),
            str(tmp_path / "print-editor"),
        ],
        check=True,
    )
    images = sorted(tmp_path.glob("print-[0-9]*.png"))
    (editor_image,) = tmp_path.glob("print-editor*.png")
    assert images and all(i.stat().st_size > 5_000 for i in images)
    if os.environ.get("JIXIAO_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for n, image in enumerate(images, start=1):
            image.replace(SCREENSHOTS / f"web-review-print-{n}.png")
        editor_image.replace(SCREENSHOTS / "web-editor-print.png")
