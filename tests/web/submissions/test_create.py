"""我的自评 and the three ways to start a submission: Excel upload, last year, empty."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from tests.web.conftest import World

from jixiao.formats.excel import write_template
from jixiao.rules.profiles import load_options
from jixiao.web.submissions.models import Submission

LIST = "submissions:list"


def _workbook(tmp_path: Path, *, mistake: bool) -> bytes:
    """The empty template filled the way a finance officer would (openpyxl)."""
    path = tmp_path / "填报.xlsx"
    write_template(path, load_options().economic_classes, year=2021, unit="甲单位")
    book = openpyxl.load_workbook(path)
    finance = book["收支情况"]
    rows = {finance.cell(row=r, column=1).value: r for r in range(1, finance.max_row + 1)}
    finance.cell(row=rows["本年总支出"], column=2, value=1324.5)
    if mistake:
        finance.cell(row=rows["人员经费"], column=2, value="一千")
    book.save(path)
    return path.read_bytes()


def _upload(world: World, name: str, content: bytes, **extra: object) -> Any:
    client = world.client("editor")
    file = SimpleUploadedFile(name, content)
    return client.post(reverse("submissions:upload"), {"file": file, **extra})


def test_list_shows_the_units_submissions_with_scores(world: World) -> None:
    response = world.client("editor").get(reverse(LIST))
    text = response.content.decode()
    assert response.status_code == 200
    assert "2022年" in text and "2023年" in text
    assert "st-draft" in text
    assert "乙单位" not in text  # another unit's submission is not listed


def test_create_empty(world: World) -> None:
    response = world.client("editor").post(
        reverse("submissions:create"), {"mode": "empty", "year": "2024"}
    )
    sub = Submission.objects.get(unit=world.units["home"], fiscal_year=2024)
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:edit", args=[sub.pk, "unit"])
    assert sub.data["unit"]["name"] == "甲单位"


def test_create_from_last_year_carries_projects(world: World) -> None:
    response = world.client("approver").post(
        reverse("submissions:create"), {"mode": "last_year", "year": "2024"}
    )
    assert response.status_code == 302
    sub = Submission.objects.get(unit=world.units["home"], fiscal_year=2024)
    names = [p["name"] for p in sub.data["projects"]]
    assert names == [p["name"] for p in world.subs["clean"].data["projects"]]


def test_create_twice_says_it_exists(world: World) -> None:
    response = world.client("editor").post(
        reverse("submissions:create"), {"mode": "empty", "year": "2023"}
    )
    assert response.status_code == 409
    assert "已存在" in response.content.decode()


def test_create_with_a_bad_year_is_refused_with_a_message(world: World) -> None:
    response = world.client("editor").post(
        reverse("submissions:create"), {"mode": "empty", "year": "abc"}
    )
    assert response.status_code == 400
    assert "请选择年度" in response.content.decode()


def test_upload_a_filled_template_creates_the_submission(world: World, tmp_path: Path) -> None:
    response = _upload(world, "填报.xlsx", _workbook(tmp_path, mistake=False))
    text = response.content.decode()
    assert response.status_code == 200, text
    sub = Submission.objects.get(unit=world.units["home"], fiscal_year=2021)
    assert sub.data["finance"]["expenditure"]["total"] == "1324.50"
    assert "已建立" in text


def test_upload_with_a_mistake_is_stored_and_shows_the_cell(world: World, tmp_path: Path) -> None:
    response = _upload(world, "填报.xlsx", _workbook(tmp_path, mistake=True))
    text = response.content.decode()
    assert response.status_code == 200
    assert Submission.objects.filter(unit=world.units["home"], fiscal_year=2021).exists()
    assert "收支情况!B" in text and "一千" in text  # the cell and what was typed there
    assert "/tmp" not in text  # the server's temporary path is never shown


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("report.xlsx", b"%PDF-1.4 not a workbook", 400, "无法读取"),
        ("empty.xlsx", b"", 400, "文件是空的"),
        ("notes.txt", b"hello", 400, "无法读取"),
    ],
)
def test_upload_of_a_bad_file_is_a_clear_message(
    world: World, name: str, content: bytes, status: int, message: str
) -> None:
    response = _upload(world, name, content)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Submission.objects.filter(unit=world.units["home"], fiscal_year=2021).exists()


@override_settings(EXCEL_UPLOAD_LIMIT_BYTES=1000)
def test_upload_over_the_limit_is_refused(world: World) -> None:
    response = _upload(world, "big.xlsx", b"x" * 2000)
    assert response.status_code == 413
    assert "文件太大" in response.content.decode()


def test_the_excel_upload_limit_is_the_safety_scans(world: World) -> None:
    """A workbook above the report limit (10 MB) is read, not refused for its size.

    The safety scan bounds the work (formats/excel/safety.py), so the page takes what the
    command line takes: this file reaches the reader and is refused for what it is.
    """
    from django.conf import settings

    from jixiao.formats.excel.safety import MAX_FILE_BYTES

    assert settings.EXCEL_UPLOAD_LIMIT_BYTES == MAX_FILE_BYTES > settings.UPLOAD_LIMIT_BYTES
    response = _upload(world, "big.xlsx", b"x" * (settings.UPLOAD_LIMIT_BYTES + 1))
    page = response.content.decode()
    assert response.status_code == 400
    assert "无法读取" in page
    assert "文件太大" not in page


def test_upload_without_a_file(world: World) -> None:
    response = world.client("editor").post(reverse("submissions:upload"), {})
    assert response.status_code == 400
    assert "请选择要上传的 Excel 文件" in response.content.decode()


def test_template_download_is_a_workbook(world: World, tmp_path: Path) -> None:
    response = world.client("editor").get(reverse("submissions:template") + "?year=2024")
    assert response.status_code == 200
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    book = openpyxl.load_workbook(path)
    assert "收支情况" in book.sheetnames
