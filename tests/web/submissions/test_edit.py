"""The edit page: a section saves alone, conflicts keep both versions, nothing typed is lost."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from tests.web.conftest import SUBMIT, World, advance

from jixiao.web.submissions.formdata import flatten
from jixiao.web.submissions.formspec import MAX_VALUE_CHARS, input_id
from jixiao.web.submissions.models import ConflictCopy, Submission


def _edit(world: World, key: str = "clean", section: str = "finance") -> str:
    return reverse("submissions:edit", args=[world.subs[key].pk, section])


def _section_post(world: World, section: str, **changes: str) -> dict[str, str]:
    """The section's inputs as the page sends them, with some values changed."""
    sub = world.refresh("clean")
    prefix = {"finance": ("finance.revenue", "finance.expenditure"), "unit": ("unit", "fiscal")}
    data = {k: v for k, v in flatten(sub.data).items() if k.startswith(prefix[section])}
    data = {k: v for k, v in data.items() if "by_economic_class" not in k}
    data.update(changes)
    data["base_version"] = str(sub.version)
    return data


def test_edit_page_names_inputs_by_path(world: World) -> None:
    text = world.client("editor").get(_edit(world)).content.decode()
    path = "finance.expenditure.total"
    assert f'name="{path}"' in text
    assert f'id="{input_id(path)}"' in text
    assert re.search(rf'id="{input_id(path)}"[^>]*class="num"', text)
    assert 'name="base_version" value="1"' in text
    assert "保存本栏目" in text


def test_save_one_section_keeps_the_others(world: World) -> None:
    before = world.refresh("clean").data
    post = _section_post(world, "finance", **{"finance.revenue.total": "9999.99"})
    response = world.client("editor").post(_edit(world), post)
    assert response.status_code == 302
    sub = world.refresh("clean")
    assert sub.version == 2
    assert sub.data["finance"]["revenue"]["total"] == "9999.99"
    assert sub.data["projects"] == before["projects"]
    assert sub.data["narrative"] == before["narrative"]


def test_conflict_keeps_both_versions_and_the_typed_values(world: World) -> None:
    first, second = world.client("editor"), world.client("approver")
    post_a = _section_post(world, "finance", **{"finance.revenue.total": "1111.11"})
    post_b = _section_post(world, "finance", **{"finance.revenue.total": "2222.22"})
    assert first.post(_edit(world), post_a).status_code == 302
    response = second.post(_edit(world), post_b)
    text = response.content.decode()
    assert response.status_code == 409
    assert "保存冲突" in text and "editor" in text and "第2版" in text
    assert 'value="2222.22"' in text  # the second user's value is back in the form
    assert 'name="base_version" value="2"' in text
    assert world.refresh("clean").data["finance"]["revenue"]["total"] == "1111.11"
    copy = ConflictCopy.objects.get(submission=world.subs["clean"])
    assert copy.data["finance"]["revenue"]["total"] == "2222.22"
    assert reverse("submissions:conflict", args=[world.subs["clean"].pk, copy.pk]) in text
    # saving again on top of version 2 is a deliberate choice and is accepted
    post_b["base_version"] = "2"
    assert second.post(_edit(world), post_b).status_code == 302
    assert world.refresh("clean").data["finance"]["revenue"]["total"] == "2222.22"


def test_preview_does_not_save(world: World) -> None:
    url = reverse("submissions:preview", args=[world.subs["clean"].pk, "finance"])
    post = _section_post(world, "finance", **{"finance.expenditure.total": "1"})
    response = world.client("editor").post(url, post)
    assert response.status_code == 200
    assert "totals.sum-mismatch" in response.content.decode()
    sub = world.refresh("clean")
    assert sub.version == 1 and sub.errors == 0


def test_add_row_fragment(world: World) -> None:
    url = reverse("submissions:row", args=[world.subs["clean"].pk])
    response = world.client("editor").get(url, {"list": "projects", "index": "7"})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="projects[7].name"' in text and "data-remove-row" in text
    bad = world.client("editor").get(url, {"list": "nothing", "index": "0"})
    assert bad.status_code == 400 and "不是表中的字段" in bad.content.decode()


def test_removed_rows_disappear_and_gaps_close(world: World) -> None:
    sub = world.refresh("clean")
    count = len(sub.data["projects"])
    post = {k: v for k, v in flatten(sub.data).items() if k.startswith("projects[")}
    post = {k: v for k, v in post.items() if not k.startswith("projects[0]")}
    post["projects[50].name"] = "新项目"
    post["base_version"] = "1"
    response = world.client("editor").post(_edit(world, section="projects"), post)
    assert response.status_code == 302
    names = [p.get("name") for p in world.refresh("clean").data["projects"]]
    assert len(names) == count and names[-1] == "新项目"


def test_read_only_for_the_reviewer_and_after_submitting(world: World) -> None:
    text = world.client("reviewer").get(_edit(world)).content.decode()
    assert "保存本栏目" not in text and " disabled" in text
    advance(world, "clean", *SUBMIT)
    text = world.client("editor").get(_edit(world)).content.decode()
    assert "保存本栏目" not in text and "不能修改" in text
    response = world.client("editor").post(_edit(world), _section_post(world, "finance"))
    assert response.status_code == 409 and "不能修改" in response.content.decode()


def _post(world: World, data: Any, section: str = "finance") -> Any:
    return world.client("editor").post(_edit(world, section=section), data)


def test_garbage_field_names_are_reported_and_the_rest_saved(world: World) -> None:
    post = _section_post(world, "finance", **{"finance.revenue.total": "5"})
    post.update({"<script>": "x", "projects[0].name": "越界", "a" * 500: "y"})
    client = world.client("editor")
    response = client.post(_edit(world), post)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "不是表中的字段" in page and "不属于" in page
    assert world.refresh("clean").data["finance"]["revenue"]["total"] == "5"


def test_many_fields_are_refused_without_a_crash(world: World) -> None:
    post = {f"finance.revenue.sources[{i}].name": "x" for i in range(100_000)}
    post["base_version"] = "1"
    # URL-encoded, as the edit form posts (it has no enctype); multipart encoding of
    # 100,000 parts in the test client alone cost seconds.
    response = world.client("editor").post(
        _edit(world), urlencode(post), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "字段太多" in response.content.decode()
    assert world.refresh("clean").version == 1


def test_a_huge_value_is_refused_and_nothing_saved(world: World) -> None:
    post = _section_post(world, "finance", **{"finance.revenue.total": "9" * (MAX_VALUE_CHARS + 1)})
    response = _post(world, post)
    assert response.status_code == 400
    assert "超过上限" in response.content.decode()
    assert world.refresh("clean").version == 1


@pytest.mark.parametrize("version", ["", "abc", "-1", "1.5", "9" * 30])
def test_bad_base_version_keeps_the_typed_values(world: World, version: str) -> None:
    post = _section_post(world, "finance", **{"finance.revenue.total": "4321.5"})
    post["base_version"] = version
    response = _post(world, post)
    assert response.status_code == 400
    text = response.content.decode()
    assert "版本号" in text and 'value="4321.5"' in text
    assert world.refresh("clean").version == 1


def test_wrong_section_key_is_404(world: World) -> None:
    client = world.client("editor")
    assert client.get(_edit(world, section="nope")).status_code == 404
    assert client.post(_edit(world, section="nope"), {"base_version": "1"}).status_code == 404


def test_a_value_that_is_not_a_number_is_kept_and_reported(world: World) -> None:
    post = _section_post(world, "finance", **{"finance.revenue.total": "一百万"})
    assert _post(world, post).status_code == 302
    sub: Submission = world.refresh("clean")
    assert sub.data["finance"]["revenue"]["total"] == "一百万"
    assert sub.errors > 0


def test_a_save_on_the_way_to_another_tab_lands_on_that_tab(world: World) -> None:
    post = _section_post(world, "finance", **{"finance.revenue.total": "9999.99"})
    post["_next"] = "classes"
    response = world.client("editor").post(_edit(world), post)
    assert response.status_code == 302
    assert response["Location"] == _edit(world, section="classes")
    assert world.refresh("clean").data["finance"]["revenue"]["total"] == "9999.99"
    post = _section_post(world, "finance", _next="../../admin")
    response = world.client("editor").post(_edit(world), post)
    assert response["Location"] == _edit(world)


def test_a_refused_save_marks_the_typed_values_unsaved(world: World) -> None:
    client = world.client("editor")
    page = client.get(_edit(world)).content.decode()
    assert "data-unsaved" not in page
    post = _section_post(world, "finance", **{"finance.revenue.total": "3333.33"})
    post["base_version"] = "x"
    response = client.post(_edit(world), post)
    text = response.content.decode()
    assert response.status_code == 400
    assert 'value="3333.33"' in text and "data-unsaved" in text
