"""Excel both ways: a corrected workbook for a year that exists is previewed and confirmed;
the workbook's own problems stay in the problem panel until dealt with."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.web.conftest import CLEAN, World

from jixiao.core.validation import build_submission
from jixiao.formats.excel import export_submission
from jixiao.web.imports.models import Import, State
from jixiao.web.submissions.models import ConflictCopy
from jixiao.web.submissions.selectors import profile_options


def corrected_workbook(tmp_path: Path, **finance: str) -> bytes:
    """The clean 2023 data with some 收支 figures changed, as the exported .xlsx."""
    data: dict[str, Any] = copy.deepcopy(CLEAN)
    data["unit"]["name"] = "甲单位"
    data["finance"]["revenue"].update(finance)
    model, problems = build_submission(data)
    assert model is not None and not problems, problems
    path = tmp_path / "甲单位2023年自评（改）.xlsx"
    export_submission(model, path, profile_options().economic_classes)
    return path.read_bytes()


def _upload(world: World, content: bytes, who: str = "editor") -> Any:
    file = SimpleUploadedFile("甲单位2023年自评（改）.xlsx", content)
    return world.client(who).post(reverse("submissions:upload"), {"file": file})


def test_a_corrected_workbook_is_previewed_not_refused(world: World, tmp_path: Path) -> None:
    old = world.refresh("clean").data["finance"]["revenue"]["total"]
    response = _upload(world, corrected_workbook(tmp_path, total="2700.00"))
    assert response.status_code == 302, response.content.decode()
    imp = Import.objects.get(state=State.PENDING)
    assert response["Location"] == reverse("imports:preview", args=[imp.pk])
    page = world.client("editor").get(response["Location"]).content.decode()
    assert "本年总收入" in page and old in page and "2700.00" in page
    assert "确认导入（1处改动）" in page
    assert world.refresh("clean").version == 1  # nothing stored before the confirm

    response = world.client("editor").post(reverse("imports:apply", args=[imp.pk]))
    assert response.status_code == 302
    sub = world.refresh("clean")
    assert sub.version == 2
    assert sub.data["finance"]["revenue"]["total"] == "2700.00"
    assert Import.objects.get(pk=imp.pk).state == State.APPLIED
    # confirming twice does nothing more
    world.client("editor").post(reverse("imports:apply", args=[imp.pk]))
    assert world.refresh("clean").version == 2


def test_discarding_leaves_the_submission_alone(world: World, tmp_path: Path) -> None:
    _upload(world, corrected_workbook(tmp_path, total="2700.00"))
    imp = Import.objects.get(state=State.PENDING)
    world.client("editor").post(reverse("imports:discard", args=[imp.pk]))
    assert Import.objects.get(pk=imp.pk).state == State.DISCARDED
    assert world.refresh("clean").version == 1


def test_a_save_after_the_upload_is_not_overwritten(world: World, tmp_path: Path) -> None:
    _upload(world, corrected_workbook(tmp_path, total="2700.00"))
    imp = Import.objects.get(state=State.PENDING)
    sub = world.refresh("clean")
    edit = reverse("submissions:edit", args=[sub.pk, "narrative"])
    world.client("approver").post(edit, {"base_version": "1", "narrative.overview": "新的概述"})
    assert (
        "重新上传"
        in world.client("editor").get(reverse("imports:preview", args=[imp.pk])).content.decode()
    )
    world.client("editor").post(reverse("imports:apply", args=[imp.pk]))
    sub = world.refresh("clean")
    assert sub.data["narrative"]["overview"] == "新的概述"
    assert ConflictCopy.objects.filter(submission=sub).exists()  # the import is kept


def test_a_submitted_year_refuses_the_import_with_a_link(world: World, tmp_path: Path) -> None:
    from tests.web.conftest import SUBMIT, advance

    advance(world, "clean", *SUBMIT)
    response = _upload(world, corrected_workbook(tmp_path, total="2700.00"))
    text = response.content.decode()
    assert response.status_code == 409
    assert "不能导入" in text
    assert reverse("submissions:detail", args=[world.subs["clean"].pk]) in text


def test_workbook_problems_stay_in_the_panel_until_dismissed(world: World, tmp_path: Path) -> None:
    from tests.web.submissions.test_create import _workbook

    file = SimpleUploadedFile("填报.xlsx", _workbook(tmp_path, mistake=True))
    world.client("editor").post(reverse("submissions:upload"), {"file": file})
    imp = Import.objects.get(state=State.APPLIED)
    assert imp.problems and all(p["code"].startswith("excel.") for p in imp.problems)
    sub = imp.submission
    client = world.client("editor")
    for url in (
        reverse("submissions:detail", args=[sub.pk]),
        reverse("submissions:edit", args=[sub.pk, "narrative"]),
        reverse("submissions:panel", args=[sub.pk]),
    ):
        text = client.get(url).content.decode()
        assert "Excel 导入时的问题" in text and "一千" in text, url
    client.post(reverse("imports:dismiss", args=[imp.pk]))
    text = client.get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    assert 'data-testid="workbook-problems"' not in text


def test_year_and_unit_are_fixed_once_the_submission_exists(world: World) -> None:
    sub = world.refresh("clean")
    edit = reverse("submissions:edit", args=[sub.pk, "unit"])
    page = world.client("editor").get(edit).content.decode()
    assert 'name="fiscal_year" value="2023"' in page and "readonly" in page
    post = {"base_version": "1", "fiscal_year": "2031", "unit.name": "别的单位"}
    world.client("editor").post(edit, post)
    sub = world.refresh("clean")
    assert sub.data["fiscal_year"] == 2023
    assert sub.data["unit"]["name"] == CLEAN["unit"]["name"]


def test_the_same_number_written_otherwise_is_not_a_change() -> None:
    """Amounts compare as 万元; rates and scores as plain numbers (no 6-place money limit)."""
    from jixiao.web.imports.selectors import _same
    from jixiao.web.submissions.formdata import Change

    def same(path: str, old: str, new: str) -> bool:
        return _same(Change(path, "", old, new))

    assert same("finance.revenue.total", "2700", "2700.00")
    assert not same("finance.revenue.total", "2700", "2700.01")
    assert same("projects[0].budget.stated_execution_rate", "97.7%", "97.70")
    assert same("projects[0].stated_score", "99.1234567", "99.12345670")
    assert not same("projects[0].stated_score", "99.1234567", "99.1234568")
