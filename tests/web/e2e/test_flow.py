"""The issue's story, click by click, in a real Chromium against a live server.

A unit editor uploads an Excel workbook with one wrong total, sees the problem, jumps to
the field, fixes it and submits; the unit head forwards it; the finance reviewer returns
it with a comment; the editor fixes and resubmits; the reviewer approves and publishes;
the public sees the score and grade, and never the name of the 涉密 project. Only the
accounts are created directly; every other step goes through the pages. Each page
visited is screenshotted (docs/screenshots/web-*.png with JIXIAO_UPDATE_SCREENSHOTS=1).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect
from tests.web.conftest import CLEAN, PASSWORD, _user

from jixiao.core.validation import build_submission
from jixiao.formats.excel import export_submission
from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.submissions.selectors import profile_options

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page, ViewportSize
    from tests.web.e2e.conftest import Shots

SECRET = "青松机要通信保障项目"
"""The classified project's name: it occurs nowhere else, so its absence is meaningful."""
RETURN_COMMENT = "存在的问题一节过于简略，请补充具体整改时限。"
FIX_TEXT = "整改时限：2024年6月底前完成。"


def workbook_with_mistake(folder: Path) -> Path:
    """The clean example (one project made 涉密) with 本年总支出 off by 0.10 万元, as .xlsx."""
    data: dict[str, Any] = copy.deepcopy(CLEAN)
    data["projects"][-1].update(name=SECRET, classified=True)
    data["finance"]["expenditure"]["total"] = "2650.50"
    model, problems = build_submission(data)
    assert model is not None and not problems
    path = folder / "湘江县司法局2023年自评.xlsx"
    export_submission(model, path, profile_options().economic_classes)
    return path


def document_text(body: bytes) -> str:
    """A downloaded document's text: a .docx's XML parts, or the page itself."""
    if not body.startswith(b"PK"):
        return body.decode("utf-8", errors="replace")
    with zipfile.ZipFile(io.BytesIO(body)) as docx:
        return "".join(
            docx.read(name).decode("utf-8", errors="replace")
            for name in docx.namelist()
            if name.endswith(".xml")
        )


def sign_in(
    new_page: Callable[[], Page],
    base: str,
    username: str,
    shots: Shots | None = None,
    *,
    then: str | None = None,
    viewport: ViewportSize | None = None,
) -> Page:
    """A fresh browser context signed in as `username` (confirm dialogs are accepted).

    `then` (a path) is where the login form sends the user (its `next`), loaded as `goto`
    would: the home page in between is not rendered only to be left. `viewport` is set
    before the first page, so the page a test starts on is not laid out twice.
    """
    page = new_page()
    if viewport is not None:
        page.set_viewport_size(viewport)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{base}/accounts/login/" + (f"?{urlencode({'next': then})}" if then else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    if shots is not None:
        shots(page, "login")
    page.get_by_role("button", name="登录").click()
    if then is not None:
        page.wait_for_url(base + then)
    expect(page.locator("body")).to_contain_text("退出")
    return page


def status_is(page: Page, label: str) -> None:
    """The heading's status badge reads `label`."""
    expect(page.locator("h1 .badge")).to_have_text(label)


def do_move(page: Page, label: str, comment: str = "") -> None:
    """Press a workflow button on the unit's detail page (with its comment, if any)."""
    form = page.locator("form.move-form").filter(has=page.get_by_role("button", name=label))
    if comment:
        form.locator("textarea").fill(comment)
    form.get_by_role("button", name=label).click()
    expect(page.locator(".messages")).to_contain_text(f"已{label}")


@pytest.mark.e2e
def test_story_from_upload_to_publication(
    live_server: Any, new_page: Callable[[], Page], shots: Shots, tmp_path: Path
) -> None:
    base = live_server.url
    region = Region.objects.create(code="4309", name="益阳市")
    unit = Unit.objects.create(region=region, code="401001", name="湘江县司法局")
    _user("editor", Role.UNIT_EDITOR, unit=unit)
    _user("approver", Role.UNIT_APPROVER, unit=unit)
    _user("reviewer", Role.FINANCE_REVIEWER, region=region)

    # 2. The editor uploads the workbook, sees the mistake, jumps to it and fixes it.
    editor = sign_in(new_page, base, "editor", shots)
    expect(editor.locator("h1")).to_have_text("我的自评")
    expect(editor.locator("table.grid")).to_contain_text("还没有自评")
    shots(editor, "list")
    editor.set_input_files("input[type=file]", str(workbook_with_mistake(tmp_path)))
    editor.get_by_role("button", name="上传并导入").click()
    expect(editor.locator(".msg-success")).to_contain_text("已建立 湘江县司法局 2023年自评")
    problems_table = editor.locator("table.problems-table")
    expect(problems_table).not_to_contain_text("totals.sum-mismatch")  # no codes on a page
    expect(problems_table).to_contain_text("本年总支出")
    shots(editor, "editor-upload")

    editor.get_by_role("link", name="开始在网页上填报").click()
    status_is(editor, "草稿")
    mismatch = editor.locator('li.problem[data-code="totals.sum-mismatch"]')
    expect(mismatch.first).to_contain_text("「本年总支出」为2650.50万元")
    expect(editor.locator(".problem-box h3 .sev-error")).not_to_have_text("错误 0")
    mismatch.first.locator("a").click()  # on another tab: follows the link to 收支情况
    field = editor.locator("#f-finance-expenditure-total")
    expect(editor.locator("a.tab.active")).to_have_text(re.compile("收支情况"))
    expect(field).to_be_focused()
    expect(field).to_have_value(re.compile(r"^2650\.50?$"))
    shots(editor, "editor-problems")

    field.fill("2650.40")
    editor.get_by_role("button", name="保存本栏目").click()
    expect(editor.locator(".messages")).to_contain_text("已保存“收支情况”")
    expect(editor.locator(".problem-box h3 .sev-error")).to_have_text("错误 0")
    expect(editor.locator('li.problem[data-code="totals.sum-mismatch"]')).to_have_count(0)
    expect(editor.locator("#f-finance-expenditure-total")).to_have_value(re.compile(r"^2650\.40?$"))
    shots(editor, "editor-fixed")

    editor.locator("p.crumbs a").nth(1).click()  # the submission's overview
    detail_url = editor.url
    do_move(editor, "提交单位审核")
    status_is(editor, "单位审核")
    shots(editor, "detail")

    # 3. The unit head forwards it to the finance bureau.
    approver = sign_in(new_page, base, "approver")
    approver.get_by_role("link", name="查看").click()
    status_is(approver, "单位审核")
    do_move(approver, "报送财政")
    status_is(approver, "已报送财政")
    shots(approver, "approver")

    # 4. The reviewer finds it on the dashboard and returns it with a comment.
    reviewer = sign_in(new_page, base, "reviewer")
    expect(reviewer.locator("h1")).to_contain_text("审核工作台")
    row = reviewer.locator("table.dashboard tbody tr").filter(has_text="湘江县司法局")
    expect(row.locator(".badge")).to_have_text("已报送财政")
    shots(reviewer, "dashboard")
    row.get_by_role("link", name="湘江县司法局").click()
    status_is(reviewer, "已报送财政")
    expect(reviewer.locator("main")).to_contain_text("问题清单")
    shots(reviewer, "review")
    reviewer.fill("#return-comment", RETURN_COMMENT)
    reviewer.get_by_role("button", name="退回修改").click()
    expect(reviewer.locator(".messages")).to_contain_text("已退回修改")
    status_is(reviewer, "退回修改")

    # 5. The editor reads the comment, fixes the narrative and sends it again.
    editor.goto(detail_url)
    status_is(editor, "退回修改")
    notice = editor.locator(".notice-return")
    expect(notice).to_contain_text("财政审核退回意见")
    expect(notice).to_contain_text(RETURN_COMMENT)
    shots(editor, "returned")
    editor.get_by_role("link", name="文字说明").first.click()
    expect(editor.locator(".notice-return")).to_contain_text(RETURN_COMMENT)
    problems_field = editor.locator("#f-narrative-problems")
    problems_field.fill(problems_field.input_value() + FIX_TEXT)
    editor.get_by_role("button", name="保存本栏目").click()
    expect(editor.locator(".messages")).to_contain_text("已保存“文字说明”")
    expect(editor.locator("#f-narrative-problems")).to_have_value(re.compile(FIX_TEXT))
    editor.goto(detail_url)
    do_move(editor, "提交单位审核")
    status_is(editor, "单位审核")

    approver.reload()
    do_move(approver, "报送财政")
    status_is(approver, "已报送财政")

    # 6. The reviewer approves and publishes.
    reviewer.reload()
    status_is(reviewer, "已报送财政")
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.locator(".messages")).to_contain_text("已审核通过")
    status_is(reviewer, "审核通过")
    reviewer.get_by_role("button", name="公开").click()
    expect(reviewer.locator(".messages")).to_contain_text("公开：湘江县司法局")
    status_is(reviewer, "已公开")

    # 7. The public sees the unit with its score and grade, and no classified name.
    public = new_page()
    public.goto(f"{base}/public/4309/2023/")
    row = public.locator("table.grid tbody tr").filter(has_text="湘江县司法局")
    expect(row).to_have_count(1)
    expect(row.locator("td.num").first).to_have_text(re.compile(r"^\d+(\.\d+)?$"))
    expect(row.locator(".badge")).to_have_text(re.compile("^[优良中差]$"))
    expect(row).to_contain_text("含1个涉密项目未公开")
    assert SECRET not in public.content()
    shots(public, "public")
    row.get_by_role("link", name="湘江县司法局").click()
    expect(public.locator("h1")).to_contain_text("湘江县司法局 2023年度 绩效自评报告")
    expect(public.locator("main")).to_contain_text("涉密项目，已按规定不予公开")
    assert SECRET not in public.content()
    for frame in public.frames:
        assert SECRET not in frame.content()
    shots(public, "public-report")
    documents = public.locator('main a[href*="/public/document/"]')
    assert documents.count() > 0
    for href in documents.evaluate_all("links => links.map(a => a.href)"):
        response = public.request.get(href)
        assert response.ok
        assert SECRET not in document_text(response.body())
