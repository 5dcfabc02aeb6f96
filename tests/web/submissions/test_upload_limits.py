"""An honest workbook bigger than the web forms can hold is refused at upload, in Chinese;
a save bigger than Django takes gets a Chinese 400 page (not "Bad Request (400)").

The limits are made small here (the real ones need a 2,000-project workbook); the
workbook is written by the project's own exporter, as a unit would get it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from tests.web.conftest import World

from jixiao.core.model import Submission as Model
from jixiao.formats.excel import export_submission, importer
from jixiao.rules.profiles import load_options
from jixiao.web.imports.models import Import
from jixiao.web.submissions import formdata, formspec, views
from jixiao.web.submissions.models import Submission


def _workbook(tmp_path: Path, year: int, projects: int) -> bytes:
    data = {
        "fiscal_year": year,
        "unit": {"name": "甲单位"},
        "projects": [
            {
                "name": f"项目{p}",
                "budget": {"initial": "50.00", "full_year": "52.50", "executed": "51.25"},
                "goal": "完成年度工作任务。",
                "indicators": [
                    {"level1": "产出指标", "level2": "数量指标", "name": f"指标{p}", "actual": "98"}
                ],
            }
            for p in range(projects)
        ],
    }
    path = tmp_path / "large.xlsx"
    export_submission(Model.model_validate(data), path, load_options().economic_classes)
    return path.read_bytes()


def _upload(world: World, content: bytes) -> Any:
    file = SimpleUploadedFile("大单位.xlsx", content)
    return world.client("editor").post(reverse("submissions:upload"), {"file": file})


def _refused(world: World, year: int, content: bytes) -> str:
    """Upload `content`: a 413 that stored nothing (the year's submission as it was)."""
    before = Submission.objects.filter(fiscal_year=year, unit=world.units["home"]).first()
    response = _upload(world, content)
    text: str = response.content.decode()
    assert response.status_code == 413, text
    after = Submission.objects.filter(fiscal_year=year, unit=world.units["home"]).first()
    if before is None:
        assert after is None
    else:
        assert after is not None and after.version == before.version
    assert not Import.objects.exists()
    return text


LIMITS = [
    (("MAX_ITEMS", 5), ["「项目」有6项", "每个列表最多5项"]),
    (("MAX_UNIT_FIELDS", 40), ["个已填写的栏目", "一份自评最多40个"]),
    (("MAX_VALUE_CHARS", 5), ["「项目第1项›", "个字符", "每栏最多5个"]),
]


@pytest.mark.parametrize("year", [2021, 2023], ids=["new", "existing"])
@pytest.mark.parametrize(("limit", "expected"), LIMITS, ids=["items", "fields", "chars"])
def test_a_workbook_over_a_form_limit_is_refused_whole(
    world: World,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    year: int,
    limit: tuple[str, int],
    expected: list[str],
) -> None:
    content = _workbook(tmp_path, year, projects=6)
    for module in (formspec, formdata):
        monkeypatch.setattr(module, limit[0], limit[1], raising=False)
    text = _refused(world, year, content)
    assert "“大单位.xlsx”太大，未导入" in text
    for part in expected:
        assert part in text
    assert "projects[" not in text and "/tmp" not in text  # no field path, no server path


@pytest.mark.parametrize("year", [2021, 2023], ids=["new", "existing"])
def test_a_workbook_over_the_unit_cap_is_refused_before_it_is_read(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, year: int
) -> None:
    """The unit cap is held to the workbook's value cells by the safety pass, unread.

    Checked on the loaded data, a 200,000-indicator-row workbook took 24.7 s CPU and
    803 MB before its 413; the readers must not run at all (they are made to fail here).
    """
    content = _workbook(tmp_path, year, projects=6)
    monkeypatch.setattr(views, "MAX_UNIT_FIELDS", 40)

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the workbook was read")

    monkeypatch.setattr(importer, "Sheets", no_reading)
    text = _refused(world, year, content)
    assert "“大单位.xlsx”太大，未导入：工作表『单位信息』共 19 行" in text
    assert "网页一次导入的上限（40 个）" in text and "按单位分成几个工作簿" in text
    assert "excel." not in text and "/tmp" not in text  # no problem code, no server path


def test_a_workbook_within_the_limits_is_imported(world: World, tmp_path: Path) -> None:
    response = _upload(world, _workbook(tmp_path, 2021, projects=6))
    assert response.status_code == 200, response.content.decode()
    sub = Submission.objects.get(fiscal_year=2021, unit=world.units["home"])
    assert len(sub.data["projects"]) == 6


def test_a_workbook_with_more_fields_than_one_post_is_imported_whole(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-post cap bounds one page of a tab; a whole unit is bounded by its own cap.

    The real caps are 20,000 inputs a post and 5,000,000 a unit: a 200,000-row workbook
    was refused at upload by the per-post cap once the edit form was paged.
    """
    monkeypatch.setattr(formdata, "MAX_FIELDS", 10)
    response = _upload(world, _workbook(tmp_path, 2021, projects=6))
    assert response.status_code == 200, response.content.decode()
    sub = Submission.objects.get(fiscal_year=2021, unit=world.units["home"])
    assert len(sub.data["projects"]) == 6
    assert sub.data["projects"][5]["indicators"][0]["name"] == "指标5"
    post = [(f"projects[{i}].name", f"项目{i}") for i in range(11)]
    with pytest.raises(formspec.FormLimitError):
        formdata.unflatten(post)  # one post is still held to the per-post cap


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("DATA_UPLOAD_MAX_NUMBER_FIELDS", "一次提交的栏目超过"),
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", "MB"),
    ],
)
def test_a_save_bigger_than_django_takes_gets_a_chinese_page(
    world: World, setting: str, expected: str
) -> None:
    """As in a browser (CSRF checked, so the middleware reads the body before the view)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["editor"])
    url = reverse("submissions:edit", args=[world.subs["clean"].pk, "projects"])
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    post = {"csrfmiddlewaretoken": token.group(1)}
    post.update({f"projects[{i}].name": "项目" * 40 for i in range(50)})
    before = world.subs["clean"].version
    with override_settings(**{setting: 20 if setting.endswith("FIELDS") else 1000}):
        response = client.post(url, post)
    text = response.content.decode()
    assert response.status_code == 400
    assert expected in text and "未保存" in text
    assert "Bad Request" not in text
    assert world.refresh("clean").version == before
