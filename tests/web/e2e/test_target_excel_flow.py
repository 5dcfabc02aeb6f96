"""The 绩效目标申报表 in Excel, as a unit clerk does it, in a real Chromium.

Open the year's targets, download the pre-filled workbook, fill it as in Excel (the
department's goal and indicators, a project with its indicators, two mistakes), upload;
the page lists the problems by sheet!cell and shows the values in the form; the corrected
file is accepted; once the bureau has approved, the page offers no upload and a direct
post is refused in words. Screenshots at 1366 and 390 px (docs/screenshots/web-loop-
targets-excel-*.png with JIXIAO_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest
from playwright.sync_api import expect
from tests.web.conftest import _user
from tests.web.e2e.test_flow import sign_in
from tests.web.e2e.test_loop_flow import both

from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.loop import services
from jixiao.web.loop.models import TargetFiling

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page
    from tests.web.e2e.conftest import Shots

YEAR = 2025
Cell = str | int | float | None
DEPARTMENT: list[tuple[Cell, ...]] = [
    ("产出指标", "数量指标", "办理法律援助案件", "件", "≥", 1200, 20),
    ("效益指标", "社会效益指标", "群众法律知晓率", "%", "≥", 85, 20),
    ("满意度指标", "服务对象满意度指标", "受援人满意度", "%", "≥", 95, 10),
]
PROJECT: list[tuple[Cell, ...]] = [
    ("产出指标", "数量指标", "普法讲座场次", "场", "≥", 40, 20),
    ("产出指标", "成本指标", "每场讲座成本", "万元", "≥", 0.5, 10),  # mistake: a cost "≥"
    ("效益指标", "社会效益指标", "受众人次", "人次", "≥", 8000, "二十分"),  # mistake: text
    ("满意度指标", "服务对象满意度指标", "参与群众满意度", "%", "≥", 90, 10),
]


def fill_in_excel(path: Path) -> None:
    """What the clerk types into the downloaded workbook."""
    book = openpyxl.load_workbook(path)
    goals = book["部门整体目标"]
    goals["B4"] = "行政单位"
    goals["B5"] = "为困难群众提供法律援助，推进全民普法。"
    project: tuple[Cell, ...] = (1, "普法宣传项目", None, "2025-01", "2025-12", 80, "三年内普法全覆盖。", "开展普法讲座40场。")  # fmt: skip
    for col, value in zip("ABCDEFGH", project, strict=True):
        book["项目"][f"{col}2"] = value
    indicators = book["绩效指标"]
    rows: list[tuple[Cell, ...]] = [(None, *r) for r in DEPARTMENT] + [(1, *r) for r in PROJECT]
    for r, row in enumerate(rows, 2):
        for col, cell in zip("ACDEFGHJ", row, strict=True):
            indicators[f"{col}{r}"] = cell
    book.save(path)


def correct(path: Path) -> None:
    """The clerk's fixes after reading the problem list: cost "≤", weight a number."""
    book = openpyxl.load_workbook(path)
    book["绩效指标"]["G6"] = "≤"
    book["绩效指标"]["J7"] = 20
    book.save(path)


def upload(page: Page, path: Path) -> None:
    page.set_input_files("#targets-file", str(path))
    page.get_by_role("button", name="上传并导入").click()


@pytest.mark.e2e
def test_a_clerk_fills_the_targets_in_excel(
    live_server: Any, new_page: Callable[[], Page], shots: Shots, tmp_path: Path
) -> None:
    base = live_server.url
    region = Region.objects.create(code="4309", name="益阳市")
    unit = Unit.objects.create(region=region, code="401001", name="湘江县司法局")
    _user("editor", Role.UNIT_EDITOR, unit=unit)
    reviewer = _user("reviewer", Role.FINANCE_REVIEWER, region=region)

    page = sign_in(new_page, base, "editor", then="/loop/targets/")
    page.select_option("#target-year", str(YEAR))
    page.get_by_role("button", name="开始填报 / 打开").click()
    expect(page.locator("#excel")).to_contain_text("用 Excel 填报")
    both(page, shots, "targets-excel-start")

    with page.expect_download() as caught:
        page.get_by_role("link", name="下载 Excel 申报表").click()
    download = caught.value
    assert download.suggested_filename == f"{YEAR}年绩效目标申报表-湘江县司法局.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    fill_in_excel(path)

    upload(page, path)
    result = page.locator("#upload-result")
    expect(result).to_contain_text("发现 2 个问题")
    expect(result).to_contain_text("绩效指标!J7")
    expect(result).to_contain_text("二十分")
    expect(result).to_contain_text("绩效指标!G6")
    expect(result).to_contain_text("每场讲座成本")
    expect(page.locator("#p0-name")).to_have_value("普法宣传项目")
    expect(page.locator("input[name=p0-2-weight]")).to_have_value("二十分")
    both(page, shots, "targets-excel-problems")

    correct(path)
    upload(page, path)
    expect(page.locator("#upload-result")).to_contain_text("未发现问题")
    expect(page.locator("input[name=p0-1-target]")).to_have_value("≤0.5")
    both(page, shots, "targets-excel-accepted")

    page.get_by_role("button", name="保存并报送财政").click()
    expect(page.locator(".messages")).to_contain_text("已报送财政审核")
    filing = TargetFiling.objects.get(unit=unit, fiscal_year=YEAR)
    services.approve_targets(reviewer, filing)
    page.reload()
    expect(page.locator("#excel")).to_contain_text("已批复锁定，不能再上传修改")
    expect(page.locator("#targets-file")).to_have_count(0)
    both(page, shots, "targets-excel-locked")
