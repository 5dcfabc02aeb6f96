"""List tabs shown a page at a time: a page's save touches only its rows, nothing typed is lost.

A unit of thousands of projects cannot be drawn whole (issue 11, issue 16); these tests
hold the paging to what a clerk needs: one page drawn, absolute paths, a save of one page
leaving every other row as stored, new rows landing on their page, problem links opening
the page of their row, and any page parameter answered with a real page, never a 500.
"""

from __future__ import annotations

import copy
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from tests.web.conftest import World

from jixiao.web.submissions import selectors
from jixiao.web.submissions.formdata import flatten, merge_rows
from jixiao.web.submissions.formspec import input_id, section_by_key
from jixiao.web.submissions.models import ConflictCopy, Submission
from jixiao.web.submissions.paging import (
    PAGE_SIZE,
    RowsError,
    choose_page,
    parse_rows,
    rows_text,
)

ROWS = re.compile(r'name="projects\[(\d+)\]\.name"')


def _unit(world: World, projects: int) -> Submission:
    """The clean submission with `projects` projects, each named by its number."""
    sub = world.refresh("clean")
    data = copy.deepcopy(sub.data)
    own = data["projects"]
    data["projects"] = [
        {**copy.deepcopy(own[i % len(own)]), "name": f"项目{i:05d}", "code": f"P{i:05d}"}
        for i in range(projects)
    ]
    Submission.objects.filter(pk=sub.pk).update(data=data)
    # What a refresh would read back (JSON in, the same JSON out), without decoding
    # 2,000 projects again: ~50 ms for each of the tests here.
    sub.data = data
    return sub


def _url(sub: Submission, **query: Any) -> str:
    url = reverse("submissions:edit", args=[sub.pk, "projects"])
    return f"{url}?{urlencode(query)}" if query else url


def _page_post(sub: Submission, rows: range, **extra: str) -> dict[str, str]:
    """What the browser posts from the page showing `rows`, as loaded."""
    flat = flatten(sub.data)
    wanted = tuple(f"projects[{i}]." for i in rows)
    post = {k: v for k, v in flat.items() if k.startswith(wanted)}
    post.update(
        base_version=str(sub.version), _rows=rows_text(tuple(rows)), _page="1", _q="", _goto=""
    )
    post.update(extra)
    return post


def _shown_rows(text: str) -> list[int]:
    return [int(i) for i in ROWS.findall(text)]


# --- the module -----------------------------------------------------------------------


def test_rows_text_round_trips_and_refuses_garbage() -> None:
    for rows in [(), (0,), (0, 1, 2, 7), (3, 17, 40, 41, 42), tuple(range(50, 100))]:
        assert parse_rows(rows_text(rows)) == rows
    for bad in ["a", "1-", "-1", "5-3", "0-50", "0-49,60", "1;2", "9" * 10, "0," * 600]:
        with pytest.raises(RowsError):
            parse_rows(bad)


@pytest.mark.parametrize(
    ("asked", "number", "noted"),
    [("", 1, False), ("2", 2, False), ("0", 1, True), ("-3", 1, True), ("abc", 1, True),
     ("99999999999999", 3, True), ("3", 3, False), ("1e9", 1, True), ("\x00", 1, True)],
)  # fmt: skip
def test_any_page_parameter_gives_a_real_page(asked: str, number: int, noted: bool) -> None:
    data = {"projects": [{"name": f"项目{i}"} for i in range(120)]}
    page = choose_page(section_by_key("projects"), data, asked)
    assert page is not None
    assert (page.number, page.count, page.total) == (number, 3, 120)
    assert page.rows == tuple(range((number - 1) * PAGE_SIZE, min(number * PAGE_SIZE, 120)))
    assert bool(page.note) is noted
    if noted:
        assert f"已显示第{number}页" in page.note


def test_the_filter_matches_name_or_number_and_only_list_tabs_page() -> None:
    data = {"projects": [{"name": f"项目{i}", "code": f"X{i}"} for i in range(120)]}
    page = choose_page(section_by_key("projects"), data, "", " x11")
    assert page is not None and page.rows == (11, *range(110, 120)) and page.matched == 11
    assert choose_page(section_by_key("finance"), data, "2") is None
    assert choose_page(section_by_key("indicators"), {}, "7") is not None


def test_merge_rows_replaces_only_the_page_and_shares_the_rest() -> None:
    data: dict[str, Any] = {
        "unit": {"name": "甲"},
        "projects": [{"name": f"p{i}"} for i in range(120)],
    }
    posted = [(f"projects[{i}].name", f"新{i}") for i in range(50, 100) if i != 60]
    posted.append(("projects[120].name", "添加的"))
    posted.append(("projects[3].name", "别页的"))
    merged, rejected, rows = merge_rows(data, "projects", posted, tuple(range(50, 100)))
    names = [p["name"] for p in merged["projects"]]
    assert names[:50] == [f"p{i}" for i in range(50)]
    assert names[50:60] == [f"新{i}" for i in range(50, 60)]
    assert names[60] == "新61" and "新60" not in names  # row 60 deleted on the page
    assert names[99:119] == [f"p{i}" for i in range(100, 120)]
    assert names[-1] == "添加的" and len(names) == 120
    assert rows == (*range(50, 99), 119)
    assert [r.path for r in rejected] == ["projects[3].name"] and "不在本页" in rejected[0].message
    assert merged["projects"][0] is data["projects"][0]  # not copied
    assert data["projects"][50] == {"name": "p50"}  # the input is not modified


def test_refused_inputs_are_named_by_their_labels_not_their_paths() -> None:
    """The refusals are shown to the clerk after a save: a label, never a field path."""
    data: dict[str, Any] = {"projects": [{"name": f"p{i}"} for i in range(3)]}
    posted = [
        ("projects[0].name", "新0"),
        ("unit.name", "别栏的"),
        ("projects[1].name", "一"),
        ("projects[1].name", "二"),
    ]
    _merged, rejected, _rows = merge_rows(data, "projects", posted, (0, 1, 2))
    assert len(rejected) == 2
    assert "不属于本页" in rejected[0].message and "重复提交" in rejected[1].message
    for refusal in rejected:
        assert "[" not in refusal.message and "unit.name" not in refusal.message
        assert "」" in refusal.message  # a label is named


# --- the pages ------------------------------------------------------------------------


def test_a_2000_project_tab_draws_one_page(world: World) -> None:
    sub = _unit(world, 2000)
    response = world.client("editor").get(_url(sub))
    text = response.content.decode()
    assert response.status_code == 200
    assert _shown_rows(text) == list(range(PAGE_SIZE))
    assert "第 <strong>1</strong> / 40 页" in text and "共 2000 项" in text
    assert 'name="_rows" value="0-49"' in text
    assert 'data-next-index="2000"' in text  # 添加一行 appends after the whole list
    last = world.client("editor").get(_url(sub, page=40)).content.decode()
    assert _shown_rows(last) == list(range(1950, 2000))
    assert "项目第2000项" in last  # labels are absolute too
    assert text.count("<input") < 3_000


def test_saving_a_page_leaves_every_other_row_untouched(world: World) -> None:
    sub = _unit(world, 120)
    before = copy.deepcopy(sub.data)
    post = _page_post(sub, range(50, 100), **{"projects[55].name": "改过的名称", "_page": "2"})
    del post["projects[60].name"]
    for key in [k for k in post if k.startswith("projects[60].")]:
        del post[key]
    response = world.client("editor").post(_url(sub), post)
    assert response.status_code == 302
    assert response["Location"] == _url(sub, page=2)
    after = world.refresh("clean")
    assert after.version == sub.version + 1
    projects = after.data["projects"]
    assert len(projects) == 119
    assert projects[:50] == before["projects"][:50]
    assert projects[55]["name"] == "改过的名称"
    assert projects[60]["name"] == before["projects"][61]["name"]  # row 60 gone: 61 moved up
    assert projects[99:] == before["projects"][100:]
    assert {k: v for k, v in after.data.items() if k != "projects"} == {
        k: v for k, v in before.items() if k != "projects"
    }


def _count_evaluations(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every whole-unit check from now on, by the data checked (the cache starts empty)."""
    selectors._evaluate_cached.cache_clear()  # nothing left from another test's data
    evaluated: list[Any] = []
    real = selectors._evaluate

    def counted(data: Any, profile: str, frameworks: tuple[str, ...] = ()) -> Any:
        evaluated.append(data)
        return real(data, profile, frameworks)

    monkeypatch.setattr(selectors, "_evaluate", counted)
    return evaluated


def test_a_save_and_the_page_it_lands_on_check_the_whole_unit_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save's evaluation is the one the next page shows (8 s for 2,000 projects each)."""
    sub = _unit(world, 120)
    evaluated = _count_evaluations(monkeypatch)
    post = _page_post(sub, range(50, 100), **{"projects[55].name": "只检查一次", "_page": "2"})
    response = world.client("editor").post(_url(sub), post, follow=True)
    assert response.status_code == 200 and 'value="只检查一次"' in response.content.decode()
    assert world.refresh("clean").data["projects"][55]["name"] == "只检查一次"
    assert len(evaluated) == 1, "the whole unit was checked again after the save"
    panel = reverse("submissions:panel", args=[sub.pk]) + "?section=projects&page=2"
    assert world.client("editor").get(panel).status_code == 200  # the panel shares it too
    assert len(evaluated) == 1


def test_a_conflicting_save_checks_the_typed_data_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refused page shows the save's own evaluation; nobody's data is checked again."""
    sub = _unit(world, 120)
    post = _page_post(sub, range(50), **{"projects[5].name": "冲突时输入的"})
    Submission.objects.filter(pk=sub.pk).update(version=sub.version + 1)  # someone saved
    evaluated = _count_evaluations(monkeypatch)
    response = world.client("editor").post(_url(sub), post)
    text = response.content.decode()
    assert response.status_code == 409 and 'value="冲突时输入的"' in text
    assert ConflictCopy.objects.filter(submission=sub).count() == 1
    assert len(evaluated) == 1 and evaluated[0]["projects"][5]["name"] == "冲突时输入的"
    assert "问题清单" in text  # the panel is drawn, from that one evaluation


def test_the_pager_is_shown_only_when_the_list_has_more_than_one_page(world: World) -> None:
    one = world.client("editor").get(_url(_unit(world, PAGE_SIZE))).content.decode()
    assert _shown_rows(one) == list(range(PAGE_SIZE))
    assert '<nav class="pager' not in one and "上一页" not in one and "按名称或编码筛选" not in one
    two = world.client("editor").get(_url(_unit(world, PAGE_SIZE + 1))).content.decode()
    assert "第 <strong>1</strong> / 2 页" in two and "按名称或编码筛选" in two
    assert two.count('<nav class="pager') == 2  # above and below the rows
    filtered = world.client("editor").get(_url(_unit(world, 120), q="P00011")).content.decode()
    assert _shown_rows(filtered) == [11]  # one page under a filter: the filter stays, to clear
    assert 'value="P00011"' in filtered and "清除筛选" in filtered and "筛选出 1 项" in filtered
    assert "上一页" not in filtered and "下一页" not in filtered


def test_a_page_switch_saves_what_was_typed_and_opens_the_asked_page(world: World) -> None:
    sub = _unit(world, 120)
    post = _page_post(sub, range(50), **{"projects[7].name": "切页前输入的", "_goto": "3"})
    response = world.client("editor").post(_url(sub), post)
    assert response.status_code == 302 and response["Location"] == _url(sub, page=3)
    assert world.refresh("clean").data["projects"][7]["name"] == "切页前输入的"
    back = world.client("editor").get(_url(sub, page=1)).content.decode()
    assert 'value="切页前输入的"' in back


def test_a_refused_page_save_shows_the_typed_values_on_their_page(world: World) -> None:
    sub = _unit(world, 120)
    post = _page_post(sub, range(100, 120), **{"projects[110].name": "冲突时输入的"})
    post["base_version"] = "abc"
    response = world.client("editor").post(_url(sub), post)
    text = response.content.decode()
    assert response.status_code == 400 and "版本号" in text
    assert _shown_rows(text) == list(range(100, 120))
    assert 'value="冲突时输入的"' in text
    assert world.refresh("clean").version == sub.version


def test_a_new_row_is_appended_and_the_save_lands_on_its_page(world: World) -> None:
    sub = _unit(world, 120)
    row = world.client("editor").get(
        reverse("submissions:row", args=[sub.pk]), {"list": "projects", "index": "120"}
    )
    assert 'name="projects[120].name"' in row.content.decode()
    post = _page_post(sub, range(50), **{"projects[120].name": "新项目"})
    response = world.client("editor").post(_url(sub), post)
    assert response.status_code == 302
    assert response["Location"] == _url(sub, page=3) + f"#{input_id('projects[120]')}"
    projects = world.refresh("clean").data["projects"]
    assert len(projects) == 121 and projects[-1] == {"name": "新项目"}
    assert projects[0]["name"] == "项目00000"


def test_deleting_a_row_on_a_later_page_deletes_that_row(world: World) -> None:
    sub = _unit(world, 120)
    post = _page_post(sub, range(100, 120), _page="3")
    for key in [k for k in post if k.startswith("projects[117].")]:
        del post[key]
    assert world.client("editor").post(_url(sub), post).status_code == 302
    names = [p["name"] for p in world.refresh("clean").data["projects"]]
    assert len(names) == 119 and "项目00117" not in names and names[-1] == "项目00119"


def test_problem_links_open_the_page_of_their_row(world: World) -> None:
    sub = _unit(world, 120)
    data = copy.deepcopy(sub.data)
    data["projects"][117]["budget"]["executed"] = "不是数字"
    Submission.objects.filter(pk=sub.pk).update(data=data)
    field = input_id("projects[117].budget.executed")
    first = world.client("editor").get(_url(sub)).content.decode()
    assert f'href="{_url(sub, page=3)}#{field}"' in first
    third = world.client("editor").get(_url(sub, page=3)).content.decode()
    assert f'data-jump="{field}"' in third
    other_tab = reverse("submissions:edit", args=[sub.pk, "finance"])
    finance = world.client("editor").get(other_tab).content.decode()
    assert f'href="{_url(sub, page=3)}#{field}"' in finance


def test_the_preview_of_a_page_checks_the_whole_list(world: World) -> None:
    sub = _unit(world, 120)
    url = reverse("submissions:preview", args=[sub.pk, "projects"])
    post = _page_post(sub, range(50, 100), **{"projects[60].budget.executed": "不是数字"})
    text = world.client("editor").post(url, post).content.decode()
    # the row of this page jumps; the rows of other pages are still there (no problem
    # says a project is missing), and the sums swapped in are this page's only
    assert f'data-jump="{input_id("projects[60].budget.executed")}"' in text
    assert f"calc-{input_id('projects[60].stated_score')}" in text
    assert f"calc-{input_id('projects[3].stated_score')}" not in text
    assert world.refresh("clean").version == sub.version


@pytest.mark.parametrize(
    "query",
    [{"page": "-1"}, {"page": "0"}, {"page": "9" * 40}, {"page": "abc"}, {"page": "２"},
     {"page": "1", "q": "字" * 10_000}, {"page": "%00"}, {"q": "<script>"}],
)  # fmt: skip
def test_hostile_page_parameters_show_a_page(world: World, query: dict[str, str]) -> None:
    sub = _unit(world, 120)
    response = world.client("editor").get(_url(sub, **query))
    text = response.content.decode()
    assert response.status_code == 200
    assert (
        "页" in text
        and "<script>"
        not in text.split("<main", 1)[-1].replace("<script src", "").split("</main>")[0]
    )


@pytest.mark.parametrize("rows", ["garbage", "0-999", "5-1", "1,2,x"])
def test_a_forged_rows_value_is_refused_and_nothing_changes(world: World, rows: str) -> None:
    sub = _unit(world, 120)
    post = _page_post(sub, range(50), **{"projects[1].name": "改"})
    post["_rows"] = rows
    response = world.client("editor").post(_url(sub), post)
    assert response.status_code == 400
    assert "行范围无效" in response.content.decode()
    assert world.refresh("clean").data == sub.data


def test_rows_someone_else_deleted_meanwhile_are_kept_in_a_conflict_copy(world: World) -> None:
    sub = _unit(world, 120)
    post = _page_post(sub, range(100, 120), **{"projects[115].name": "我改的"}, _page="3")
    # Meanwhile another editor deletes the last 30 rows (their page 3 is gone).
    other = _page_post(sub, range(100, 120), _page="3")
    other = {k: v for k, v in other.items() if not k.startswith("projects[")}
    assert world.client("approver").post(_url(sub), other).status_code == 302
    assert len(world.refresh("clean").data["projects"]) == 100
    response = world.client("editor").post(_url(sub), post)
    text = response.content.decode()
    assert response.status_code == 409 and "保存冲突" in text
    assert 'value="我改的"' in text
    kept = ConflictCopy.objects.get(submission=sub).data
    assert "我改的" in [p["name"] for p in kept["projects"]]
