"""The 绩效目标申报表 through the pages: download pre-filled, fill, upload, problems at cells.

A unit clerk's round: download from the targets page, type in Excel, upload; the values
land in the filing (nothing typed is lost, even a cell that could not be read), the
problems name their cells, a corrected file is accepted, a locked filing refuses.
"""

from __future__ import annotations

import copy
import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from django.urls import reverse
from tests.web.conftest import World
from tests.web.loop.world import TARGETS, YEAR, approved, filed

from jixiao.web.loop import services
from jixiao.web.loop.forms import MAX_ROWS
from jixiao.web.loop.models import TargetFiling


def _draft(world: World, data: dict[str, Any] | None = None) -> TargetFiling:
    return services.save_targets(
        world.users["editor"], world.units["home"], YEAR, copy.deepcopy(data or TARGETS)
    )


def _download(client: Client, filing: TargetFiling) -> openpyxl.Workbook:
    response = client.get(reverse("loop:target_template", args=[filing.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert isinstance(response, FileResponse)
    return openpyxl.load_workbook(io.BytesIO(response.getvalue()))


def _upload(client: Client, filing: TargetFiling, book: openpyxl.Workbook) -> Any:
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("我的申报表.xlsx", buffer.getvalue())
    return client.post(reverse("loop:target_upload", args=[filing.pk]), {"file": file})


def test_the_template_is_prefilled_with_what_the_filing_holds(world: World) -> None:
    filing = _draft(world)
    book = _download(world.client("editor"), filing)
    goals = book["部门整体目标"]
    assert (goals["B2"].value, goals["B3"].value) == (YEAR, world.units["home"].name)
    indicators = book["绩效指标"]
    names = [indicators.cell(row=r, column=5).value for r in range(2, 8)]
    assert names == [
        "办理案件数",
        "群众知晓率",
        "群众满意度",
        "宣传活动场次",
        "受众人次",
        "参与群众满意度",
    ]
    assert indicators["G2"].value == "≥" and indicators["H2"].value == 100
    assert book["项目"]["B2"].value == "普法宣传项目" and book["项目"]["D2"].value == "2024-01"


def test_upload_lands_with_problems_at_cells_and_a_corrected_file_is_accepted(
    world: World,
) -> None:
    editor = world.client("editor")
    filing = _draft(world)
    book = _download(editor, filing)
    sheet = book["绩效指标"]
    sheet["J5"] = "三十分"  # 宣传活动场次's weight: cannot be read
    sheet["H7"] = 105  # 参与群众满意度 over 100%
    sheet["A8"], sheet["C8"], sheet["E8"] = 1, "投入指标", "资金到位率"  # a local level 1
    sheet["F8"], sheet["G8"], sheet["H8"] = "%", "=", 100
    book["项目"]["G2"] = "提高群众法治意识。"  # 总体目标
    response = _upload(editor, filing, book)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已导入并保存" in page and "我的申报表.xlsx" in page
    assert "绩效指标!J5" in page and "三十分" in page
    assert "绩效指标!G7" in page and "超过100%" in page  # the target starts at 指标性质
    assert "targets." not in page and "projects[" not in page and "/tmp" not in page
    filing.refresh_from_db()
    stored = filing.data["projects"][0]
    assert stored["indicators"][0]["weight"] == "三十分"  # kept as typed, shown back
    assert stored["total_goal"] == "提高群众法治意识。"
    assert stored["indicators"][-1]["level1"] == "投入指标"
    form = editor.get(reverse("loop:target", args=[filing.pk])).content.decode()
    assert 'value="三十分"' in form and "提高群众法治意识。" in form
    assert '<option value="投入指标" selected>' in form

    sheet["J5"], sheet["H7"], sheet["H4"] = 30, 95, 95  # H4: last year reached 94.3%
    response = _upload(editor, filing, book)
    page = response.content.decode()
    assert response.status_code == 200 and "未发现问题" in page
    filing.refresh_from_db()
    assert filing.warnings == 0
    assert filing.data["projects"][0]["indicators"][0]["weight"] == "30"
    model, problems = services.lint_of(filing)
    assert model is not None and problems == []
    assert model.projects[0].total_goal == "提高群众法治意识。"


def test_saving_the_page_keeps_the_total_goal_and_a_local_level(world: World) -> None:
    data = copy.deepcopy(TARGETS)
    data["projects"][0]["total_goal"] = "三年内普法全覆盖。"
    data["projects"][0]["indicators"][0]["level1"] = "投入指标"
    filing = _draft(world, data)
    editor = world.client("editor")
    page = editor.get(reverse("loop:target", args=[filing.pk])).content.decode()
    assert "三年内普法全覆盖。" in page and '<option value="投入指标" selected>' in page


def test_a_locked_or_filed_target_set_refuses_upload(world: World) -> None:
    editor = world.client("editor")
    filing = approved(world)
    book = _download(editor, filing)
    book["绩效指标"]["E2"] = "改过的指标"
    response = _upload(editor, filing, book)
    assert response.status_code == 409
    assert "已批复锁定，不能再上传修改" in response.content.decode()
    filing.refresh_from_db()
    assert filing.data["department_indicators"][0]["name"] == "办理案件数"
    page = editor.get(reverse("loop:target", args=[filing.pk])).content.decode()
    assert "不能再上传修改" in page and 'name="file"' not in page


def test_filed_targets_refuse_upload_too(world: World) -> None:
    editor = world.client("editor")
    filing = filed(world)
    response = _upload(editor, filing, _download(editor, filing))
    assert response.status_code == 409 and "已报送待审核" in response.content.decode()


def test_wrong_year_unreadable_and_oversized_files_are_refused_by_name(world: World) -> None:
    editor = world.client("editor")
    filing = _draft(world)
    book = _download(editor, filing)
    book["部门整体目标"]["B2"] = YEAR + 1
    response = _upload(editor, filing, book)
    assert response.status_code == 409 and f"年度为“{YEAR + 1}”" in response.content.decode()
    book["部门整体目标"]["B2"] = YEAR
    for r in range(8, MAX_ROWS + 8):
        book["绩效指标"].cell(row=r, column=3, value="产出指标")
        book["绩效指标"].cell(row=r, column=5, value=f"指标{r}")
    response = _upload(editor, filing, book)
    assert response.status_code == 413 and "部门整体" in response.content.decode()
    text = SimpleUploadedFile("a.xlsx", "不是工作簿".encode())
    response = editor.post(reverse("loop:target_upload", args=[filing.pk]), {"file": text})
    assert response.status_code == 400 and "无法读取" in response.content.decode()
    filing.refresh_from_db()
    assert filing.data["department_indicators"][0]["name"] == "办理案件数"
