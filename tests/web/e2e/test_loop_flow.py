"""The performance loop, click by click, in a real Chromium against a live server.

A unit files its targets; the bureau returns them with a comment, then approves them; the
bureau sets a 1–7月 round, the unit fills it and raises a red warning the bureau sees on
its board; the unit asks for an adjustment, the bureau approves it; the self-evaluation
opens pre-filled from the locked (adjusted) targets, shown read-only, and refuses an edited
target; it is submitted, sampled and re-reviewed with a lower score; the calibration page shows the gap;
next year's sample puts the unit first. Accounts, the unit's remaining figures (finance,
narrative, other projects — the same data as the other end-to-end test) and next year's
submissions are created directly; every loop step goes through the pages. Key pages are
screenshotted at 1366 and 390 px (docs/screenshots/web-loop-*.png with
JIXIAO_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect
from tests.web.conftest import CLEAN, _user
from tests.web.e2e.test_flow import do_move, sign_in, status_is

from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.submissions import services as submission_services
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page
    from tests.web.e2e.conftest import Shots

YEAR = 2023
PROJECT = CLEAN["projects"][0]
"""The project whose targets the unit files (法律援助经费, seven indicators)."""
RETURN_COMMENT = "满意度目标不能超过100%，请修改后重新报送。"


def both(page: Page, shots: Shots, name: str) -> None:
    """Screenshots at 1366 px and 390 px (a phone), then back to 1366."""
    page.set_viewport_size({"width": 1366, "height": 900})
    shots(page, f"loop-{name}-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shots(page, f"loop-{name}-390")
    page.set_viewport_size({"width": 1366, "height": 900})


def target_text(indicator: dict[str, Any]) -> str:
    target = indicator["target"]
    if target["comparator"] == "定性":
        text = str(target.get("text") or "定性")
        return text if text.startswith("定性") else f"定性：{text}"
    symbol = {">=": "≥", "<=": "≤"}.get(target["comparator"], target["comparator"])
    return f"{symbol}{target['value']}"


def fill_targets(page: Page, *, satisfaction: str | None = None) -> None:
    """Type the project and its indicators into the form's empty project block."""
    page.fill("#p0-name", PROJECT["name"])
    page.fill("#p0-funding", "300")
    page.fill("#p0-start", "2023-01")
    page.fill("#p0-end", "2023-12")
    page.fill("#p0-goal", PROJECT.get("goal") or "保障困难群众获得法律援助。")
    page.get_by_role("button", name="保存").first.click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    for i, ind in enumerate(PROJECT["indicators"]):
        if i and i % 3 == 0:  # three empty rows at a time: save to get more
            page.get_by_role("button", name="保存", exact=True).click()
            expect(page.locator(".messages")).to_contain_text("已保存")
        text = target_text(ind)
        if satisfaction and "满意" in ind["name"]:
            text = satisfaction
        page.select_option(f"select[name=p0-{i}-level1]", ind["level1"])
        page.fill(f"input[name=p0-{i}-level2]", ind.get("level2", ""))
        page.fill(f"input[name=p0-{i}-name]", ind["name"])
        page.fill(f"input[name=p0-{i}-unit]", ind.get("unit", ""))
        page.fill(f"input[name=p0-{i}-target]", text)
        page.fill(f"input[name=p0-{i}-weight]", str(ind.get("weight", "")))


def complete_figures(sub: Submission, editor: Any) -> Submission:
    """The unit's remaining figures (finance, narrative, other projects), targets untouched."""
    data = copy.deepcopy(CLEAN)
    locked = sub.data["projects"][0]["indicators"]
    for ind, prefilled in zip(data["projects"][0]["indicators"], locked, strict=True):
        ind["target"] = prefilled["target"]
    for ind in [
        *data["department_indicators"],
        *(i for p in data["projects"] for i in p["indicators"]),
    ]:
        ind.setdefault("stated_score", ind.get("weight"))
    saved = submission_services.save(editor, sub, data, base_version=sub.version)
    assert saved.accepted and not saved.evaluation.has_errors, [
        p.message for p in saved.evaluation.problems if p.severity.value == "error"
    ]
    return saved.submission


@pytest.mark.e2e
def test_loop_from_targets_to_next_years_sample(
    live_server: Any, new_page: Callable[[], Page], shots: Shots
) -> None:
    base = live_server.url
    region = Region.objects.create(code="4309", name="益阳市")
    unit = Unit.objects.create(region=region, code="401001", name="湘江县司法局")
    other = Unit.objects.create(region=region, code="401002", name="湘江县档案馆")
    editor_user = _user("editor", Role.UNIT_EDITOR, unit=unit)
    _user("approver", Role.UNIT_APPROVER, unit=unit)
    _user("reviewer", Role.FINANCE_REVIEWER, region=region)
    other_editor = _user("other", Role.UNIT_EDITOR, unit=other)

    # 1. The unit files its targets, one of them flawed (a satisfaction over 100%).
    editor = sign_in(new_page, base, "editor", then="/loop/targets/")
    editor.select_option("#target-year", str(YEAR))
    editor.get_by_role("button", name="开始填报 / 打开").click()
    expect(editor.locator("h1")).to_contain_text(f"{YEAR}年绩效目标")
    fill_targets(editor, satisfaction="≥105")
    editor.get_by_role("button", name="保存并报送财政").click()
    expect(editor.locator(".messages")).to_contain_text("已报送财政审核")
    both(editor, shots, "targets-filed")

    # 2. The bureau sees the filing-time check and returns the targets with a comment.
    reviewer = sign_in(new_page, base, "reviewer", then="/loop/review/targets/")
    reviewer.get_by_role("link", name="湘江县司法局").click()
    expect(reviewer.locator("main")).to_contain_text("超过100%")
    both(reviewer, shots, "targets-review")
    reviewer.fill("#return-comment", RETURN_COMMENT)
    reviewer.get_by_role("button", name="退回修改").click()
    expect(reviewer.locator(".messages")).to_contain_text("已退回单位修改")

    # 3. The unit reads the comment, fixes the target and files again; the bureau approves.
    editor.reload()
    expect(editor.locator("main")).to_contain_text(RETURN_COMMENT)
    satisfaction = next(i for i, ind in enumerate(PROJECT["indicators"]) if "满意" in ind["name"])
    editor.fill(f"input[name=p0-{satisfaction}-target]", "≥95")
    editor.get_by_role("button", name="保存并报送财政").click()
    expect(editor.locator(".messages")).to_contain_text("已报送财政审核")
    reviewer.reload()
    reviewer.get_by_role("button", name="批复并锁定").click()
    expect(reviewer.locator(".messages")).to_contain_text("已批复")
    expect(reviewer.locator("h1 .badge")).to_have_text("已批复锁定")

    # 4. The bureau sets a 1–7月 round; the unit fills it and raises red warnings.
    reviewer.goto(f"{base}/loop/review/rounds/")
    reviewer.select_option("#round-year", str(YEAR))
    reviewer.fill("#round-name", "1–7月")
    reviewer.fill("#round-months", "7")
    reviewer.get_by_role("button", name="设置").click()
    expect(reviewer.locator(".messages")).to_contain_text("已设置监控轮次")
    editor.goto(f"{base}/loop/rounds/")
    editor.get_by_role("link", name="1–7月").click()
    editor.get_by_label(f"{PROJECT['name']}全年预算数").fill("300")
    editor.get_by_label(f"{PROJECT['name']}执行数").fill("60")
    first = PROJECT["indicators"][0]
    editor.get_by_label(f"{first['name']}预计全年完成值").fill("1500")
    editor.get_by_role("button", name="保存并计算预警").click()
    expect(editor.locator(".messages")).to_contain_text("红色预警2项")
    expect(editor.locator("main")).to_contain_text("低于时间进度")
    both(editor, shots, "round-filled")

    # 5. The bureau sees the red warnings on its board.
    reviewer.goto(f"{base}/loop/review/rounds/")
    reviewer.get_by_role("link", name="1–7月").click()
    row = reviewer.locator("table.grid tbody tr").filter(has_text="湘江县司法局")
    expect(row).to_contain_text("红色")
    expect(row).to_contain_text("预计完成程度75.00%")
    both(reviewer, shots, "board")

    # 6. The unit asks to lower one target; the bureau approves the adjustment.
    editor.goto(f"{base}/loop/targets/")
    editor.get_by_role("link", name=f"{YEAR}年绩效目标").click()
    editor.select_option("#adj-indicator", f"{PROJECT['name']}／{first['name']}")
    editor.fill("#adj-target", "≥1800")
    editor.fill("#adj-reason", "上级下达任务调减，受援对象减少")
    editor.get_by_role("button", name="提交调整申请").click()
    expect(editor.locator(".messages")).to_contain_text("已提交调整申请")
    reviewer.goto(f"{base}/loop/review/targets/")
    reviewer.get_by_role("link", name="湘江县司法局").click()
    reviewer.get_by_role("button", name="批准调整").click()
    expect(reviewer.locator(".messages")).to_contain_text("已批准调整")
    expect(reviewer.locator("main")).to_contain_text("≥1800件")
    editor.reload()
    both(editor, shots, "targets-locked")

    # 7. The self-evaluation opens pre-filled from the locked targets; a target edit is refused.
    editor.goto(f"{base}/submissions/")
    editor.select_option("select[name=year]", str(YEAR))
    editor.get_by_role("button", name="从已批复的绩效目标开始").click()
    expect(editor.locator(".messages")).to_contain_text(f"已新建 湘江县司法局 {YEAR}年自评")
    sub = Submission.objects.get(unit=unit, fiscal_year=YEAR)
    editor.goto(f"{base}/submissions/{sub.pk}/edit/projects/")
    target = editor.locator("#f-projects-0-indicators-0-target")
    expect(target).to_have_value(re.compile("1800"))
    expect(target).not_to_be_editable()
    # The adjusted target, its approved original beside it; no delete button on the row.
    expect(editor.locator("#f-projects-0-indicators-0-target-locked")).to_have_text(
        f"已批准调整（原目标：{target_text(first)}{first.get('unit', '')}），不可在自评中修改"
    )
    expect(editor.locator("#f-projects-0-indicators-1-target-locked")).to_have_text(
        "目标已批复，不可在自评中修改"
    )
    row = target.locator("xpath=ancestor::*[@data-row][1]")  # the indicator's own row
    expect(row.locator("[data-remove-row]")).to_have_count(0)
    project = editor.locator("#f-projects-0-name").locator("xpath=ancestor::*[@data-row][1]")
    expect(project.get_by_role("button", name="删除此项")).to_have_count(0)  # holds locked rows
    expect(editor.locator("#f-projects-0-indicators-0-actual")).to_be_editable()
    both(editor, shots, "self-evaluation-locked")
    # A client that strips the read-only mark is still refused on save.
    target.evaluate("el => { el.readOnly = false; }")
    target.fill("≥1000")
    editor.get_by_role("button", name="保存本栏目").click()
    expect(editor.locator("main")).to_contain_text("自评中不能修改或删除")
    both(editor, shots, "self-evaluation-refused")

    # 8. The unit's remaining figures are added; it is submitted through the pages.
    sub = complete_figures(Submission.objects.get(pk=sub.pk), editor_user)
    editor.goto(f"{base}/submissions/{sub.pk}/")
    do_move(editor, "提交单位审核")
    approver = sign_in(new_page, base, "approver", then=f"/submissions/{sub.pk}/")
    do_move(approver, "报送财政")
    status_is(approver, "已报送财政")

    # 9. Sampled and re-reviewed, row by row, with a lower score.
    reviewer.goto(f"{base}/review/sample/?year={YEAR}")
    sampled = reviewer.locator("table.grid tbody tr").filter(has_text="湘江县司法局")
    expect(sampled).to_have_count(1)
    sampled.get_by_role("link", name="复核").click()
    expect(reviewer.locator("h1")).to_contain_text("复核")
    inputs = reviewer.locator("input[name^=score-]")
    for i in range(inputs.count()):
        label = inputs.nth(i).get_attribute("aria-label") or ""
        weight = reviewer.locator("table.grid tbody tr").nth(i).locator("td.num").first.inner_text()
        lowered = i < 8
        inputs.nth(i).fill(str(int(float(weight)) // 2 if lowered else weight))
        if lowered:
            reviewer.get_by_label(label.replace("复核得分", "依据说明")).fill(
                "佐证材料不能支撑所报完成值"
            )
    reviewer.get_by_role("button", name="保存复核结果").click()
    expect(reviewer.locator(".messages")).to_contain_text("已保存复核结果")
    both(reviewer, shots, "rereview")

    # 10. The calibration page shows the gap.
    reviewer.goto(f"{base}/loop/review/calibration/")
    row = reviewer.locator("table.grid tbody tr").filter(has_text="湘江县司法局")
    gap = row.locator("td.num").nth(3).inner_text()
    assert float(gap) > 2, gap
    both(reviewer, shots, "calibration")

    # 11. Next year: both units submit; the sample puts this unit first, for last year's gap.
    for owner, who in ((unit, editor_user), (other, other_editor)):
        data = copy.deepcopy(CLEAN)
        data["unit"]["name"] = owner.name
        nxt = submission_services.create(who, owner, YEAR + 1, data).submission
        Submission.objects.filter(pk=nxt.pk).update(status="submitted")
    reviewer.goto(f"{base}/review/sample/?year={YEAR + 1}")
    first_row = reviewer.locator("table.grid tbody tr").first
    expect(first_row).to_contain_text("湘江县司法局")
    expect(first_row).to_contain_text(f"{YEAR}年度复核：自评得分平均高出复核得分")
    both(reviewer, shots, "next-sample")
