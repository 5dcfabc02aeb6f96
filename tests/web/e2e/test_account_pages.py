"""Sign-in security pages in a real Chromium at 1366 px and 390 px (issue 11 items 5, 6).

A user created by an administrator signs in with the initial password and is taken to the
password-change page before anything else; after setting a new one they land on their own
page. The administrator sees a locked account on the lockout page and lifts it. The
forgotten-password page is reachable from the login page. Nothing may be wider than the
screen. Screenshots: docs/screenshots/web-password-*.png, web-lockouts-*.png
(JIXIAO_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from tests.web.conftest import PASSWORD, _user
from tests.web.e2e.test_flow import sign_in
from tests.web.e2e.test_jobs import _fits

from jixiao.web.accounts import throttle
from jixiao.web.accounts.models import Role

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page
    from tests.web.e2e.conftest import Shots

NEW = "lanse-yunhai-2027"


@pytest.mark.e2e
def test_initial_password_is_changed_first(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    call_command(
        "add_member",
        "li-tianbao",
        role="unit_editor",
        password=PASSWORD,
        name="李填报",
        region="4309:益阳市",
        unit="901001:益阳市司法局",
    )
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("link", name="忘记密码？")).to_be_visible()
    page.fill("#id_username", "Li-Tianbao ")  # any spelling of the name signs in
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("修改密码")
    expect(page.locator("main")).to_contain_text("初始密码")
    page.goto(f"{live_server.url}/submissions/")  # every page leads back here
    expect(page.locator("h1")).to_have_text("修改密码")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator("main")).to_contain_text("新密码不能与原密码相同")
    for width in (1366, 390):
        _fits(page, width)
        shots(page, f"password-change-{width}")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator(".messages")).to_contain_text("密码已修改")
    expect(page.locator("h1")).not_to_have_text("修改密码")

    page.goto(f"{live_server.url}/accounts/password/reset/")
    expect(page.locator("h1")).to_have_text("找回密码")
    for width in (1366, 390):
        _fits(page, width)
        shots(page, f"password-reset-{width}")


@pytest.mark.e2e
def test_admin_lifts_a_lockout(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    _user("admin", Role.ADMIN)
    for _ in range(5):
        throttle.note_failure("caizheng", "203.0.113.9")
    for index in range(60):
        throttle.note_failure(f"guess{index}", "198.51.100.20")
    page = sign_in(new_page, live_server.url, "admin")
    page.get_by_role("link", name="登录锁定").click()
    expect(page.locator("h1")).to_have_text("登录锁定")
    locked = page.locator("tr", has_text="caizheng")
    expect(locked).to_contain_text("203.0.113.9")
    expect(page.locator("tr", has_text="198.51.100.20")).to_contain_text("1 秒")
    for width in (1366, 390):
        _fits(page, width)
        shots(page, f"lockouts-{width}")
    page.set_viewport_size({"width": 1366, "height": 900})
    locked.get_by_role("button", name="解除锁定").click()
    expect(page.locator(".messages")).to_contain_text("已解除账号 caizheng 的登录锁定")
    expect(page.locator("main")).to_contain_text("目前没有被锁定的账号")
