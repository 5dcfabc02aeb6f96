"""The job page in a real Chromium, at a desktop width (1366 px) and a phone width (390 px).

A reviewer uploads a zip of published reports on the audit page and lands on the job
page with its result; a job still running shows its progress bar. The pages must speak
the reviewer's language: Chinese labels, no codes or paths, nothing wider than the screen.
Screenshots: docs/screenshots/web-job-*.png (JIXIAO_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect
from tests.web.conftest import _user
from tests.web.e2e.test_flow import sign_in
from tests.web.jobs.reports import reports_zip

from jixiao.web.accounts.models import Region, Role
from jixiao.web.jobs.models import Item, Job, Kind, State

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Page
    from tests.web.e2e.conftest import Shots

CODES = re.compile(r"audit_batch|render|jobs/|\.py|[a-z]+\.[a-z-]+-[a-z]+")
"""What must not show on the page: kind codes, paths, problem codes."""


def _fits(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{width} px: the page is {overflow} px wide"


def _plain(page: Page) -> None:
    text = page.locator("main").inner_text()
    assert not CODES.search(text), CODES.search(text)


@pytest.mark.e2e
def test_batch_audit_job_page(
    live_server: Any, new_page: Callable[[], Page], shots: Shots, tmp_path: Path
) -> None:
    region = Region.objects.create(code="4309", name="益阳市")
    reviewer = _user("reviewer", Role.FINANCE_REVIEWER, region=region)
    archive = tmp_path / "2023年度已公开自评报告.zip"
    archive.write_bytes(reports_zip(24))

    page = sign_in(new_page, live_server.url, "reviewer", then="/review/audit/")
    page.set_input_files("#id_archive", str(archive))
    page.get_by_role("button", name="开始批量核查").click()
    expect(page.locator("h1")).to_contain_text("批量核查：2023年度已公开自评报告.zip（24份报告）")
    expect(page.locator(".job-progress")).to_contain_text("已完成")
    expect(page.locator(".job-message")).to_have_text("已核查24份报告：12份发现错误。")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("link", name="下载 核查汇总.csv")).to_be_visible()
    expect(page.locator("table.job-items tbody tr")).to_have_count(24)
    _plain(page)
    for width in (1366, 390):
        _fits(page, width)
        shots(page, f"job-done-{width}")

    running = Job.objects.create(
        kind=Kind.AUDIT_BATCH,
        title="批量核查：湘江县2023年度部门自评报告.zip（300份报告）",
        owner=reviewer,
        state=State.RUNNING,
        total=300,
        done=137,
    )
    Item.objects.bulk_create(Item(job=running, index=i, name=f"报告{i}.pdf") for i in range(300))
    page.goto(f"{live_server.url}/jobs/{running.pk}/")
    expect(page.locator(".badge")).to_have_text("进行中")
    expect(page.locator(".job-count")).to_have_text("137 / 300")
    expect(page.locator("progress")).to_have_attribute("value", "45")
    expect(page.locator(".job-percent")).to_contain_text("45%")
    _plain(page)
    for width in (1366, 390):
        _fits(page, width)
        shots(page, f"job-running-{width}")
    Job.objects.filter(pk=running.pk).update(
        done=300, state=State.DONE, message="已核查300份报告。"
    )
    expect(page.locator(".badge")).to_have_text("已完成", timeout=10_000)  # the page polls

    page.goto(f"{live_server.url}/jobs/")
    expect(page.locator("h1")).to_have_text("我的任务")
    _plain(page)
    for width in (1366, 390):
        _fits(page, width)
        shots(page, f"jobs-{width}")
