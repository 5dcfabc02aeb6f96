"""The bureau sets its region's frameworks; every evaluation of the region then uses them."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from tests.web.conftest import CLEAN, PASSWORD, World

from jixiao.core.framework import FrameworkKind
from jixiao.web.scoring.models import RegionFrameworks
from jixiao.web.submissions.selectors import evaluate_data

pytestmark = pytest.mark.django_db


def _client(w: World, key: str) -> Client:
    client = Client()
    assert client.login(username=w.users[key].username, password=PASSWORD)
    return client


def _data(region: str) -> dict[str, object]:
    data = copy.deepcopy(CLEAN)
    data["unit"] = {**data["unit"], "region": region}
    return data


def test_page_lists_frameworks_by_title_and_document_never_by_id(world: World) -> None:
    page = _client(world, "reviewer").get("/scoring/").content.decode()
    assert "益阳市" in page and "湘江县" not in page  # only the reviewer's own region
    assert "项目支出绩效自评（财预〔2020〕10号）" in page
    assert "自动（按年度和地区选用）" in page
    assert "UNCONFIRMED" not in page and "RULES.md" not in page
    assert ">national-2020-project<" not in page  # ids only as form values


def test_saved_setting_scores_the_regions_submissions(world: World) -> None:
    before = evaluate_data(_data("益阳市"))
    chosen = {c.kind: c.framework.id for c in before.frameworks if c.framework}
    assert chosen[FrameworkKind.PROJECT] == "national-2020-project"
    response = _client(world, "reviewer").post(
        "/scoring/",
        {"region": world.regions["home"].pk, "project": "sichuan-project", "department": ""},
    )
    assert response.status_code == 302
    assert RegionFrameworks.objects.get(region=world.regions["home"]).project == "sichuan-project"
    after = evaluate_data(_data("益阳市"))
    project = next(c for c in after.frameworks if c.kind is FrameworkKind.PROJECT)
    assert project.framework is not None and project.framework.id == "sichuan-project"
    assert "财政部门" in project.reason
    other = evaluate_data(_data("湘江县"))  # another region keeps the automatic choice
    kept = next(c for c in other.frameworks if c.kind is FrameworkKind.PROJECT).framework
    assert kept is not None and kept.id == "national-2020-project"


def test_a_framework_of_the_wrong_kind_is_refused(world: World) -> None:
    response = _client(world, "admin").post(
        "/scoring/",
        {"region": world.regions["home"].pk, "project": "hunan-dept-overall"},
        follow=True,
    )
    assert "所选计分框架不存在或不适用于该类别" in response.content.decode()
    assert not RegionFrameworks.objects.exists()


def test_submission_and_review_pages_name_the_framework(world: World) -> None:
    sub = world.subs["clean"]
    page = _client(world, "reviewer").get(f"/review/submission/{sub.pk}/").content.decode()
    assert "计分框架" in page and "项目支出绩效自评（财预〔2020〕10号）" in page
    assert "national-2020-project" not in page


def test_projects_only_submission_says_not_evaluated(world: World) -> None:
    data = {
        "fiscal_year": 2023,
        "unit": {"name": "甲单位", "region": "益阳市"},
        "projects": CLEAN["projects"],
    }
    evaluation = evaluate_data(data)
    assert evaluation.department_score is None
    assert evaluation.summary.grade == "" and evaluation.summary.score is None
