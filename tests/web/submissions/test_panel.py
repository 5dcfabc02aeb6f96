"""The problem panel: the Yiyang contradictions, each linked to a field that exists."""

from __future__ import annotations

import re

from django.urls import reverse
from tests.web.conftest import World

from jixiao.web.submissions.formspec import input_id


def _panel(world: World, section: str) -> str:
    url = reverse("submissions:panel", args=[world.subs["errors"].pk])
    response = world.client("editor").get(url, {"section": section})
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_the_contradictions_with_working_jumps(world: World) -> None:
    text = _panel(world, "finance")
    assert 'data-code="totals.sum-mismatch"' in text
    assert "「本年总支出」为5465.60万元" in text
    jump = input_id("finance.expenditure.total")
    assert f'data-jump="{jump}"' in text
    page = world.client("editor").get(
        reverse("submissions:edit", args=[world.subs["errors"].pk, "finance"])
    )
    ids = set(re.findall(r'id="([^"]+)"', page.content.decode()))
    for target in re.findall(r'data-jump="([^"]+)"', text):
        assert target in ids, target


def test_problems_on_other_tabs_link_to_that_tab_and_field(world: World) -> None:
    text = _panel(world, "finance")
    pk = world.subs["errors"].pk
    report = reverse("submissions:edit", args=[pk, "report"])
    anchor = input_id("restatements[1].value")
    assert f'href="{report}#{anchor}"' in text
    page = world.client("editor").get(report).content.decode()
    assert f'id="{anchor}"' in page
    for href, target in re.findall(r'href="(/submissions/\d+/edit/\w+/)#([^"]+)"', text):
        assert f'id="{target}"' in world.client("editor").get(href).content.decode()


def test_panel_shows_the_score_and_deductions(world: World) -> None:
    text = _panel(world, "report")
    assert "5.00" in text and "grade-差" in text
    assert "扣分明细" in text and "“三公经费”变动率" in text
    assert "stated-grade-differs" in text


def test_overview_lists_problems_and_actions(world: World) -> None:
    pk = world.subs["errors"].pk
    text = world.client("editor").get(reverse("submissions:detail", args=[pk])).content.decode()
    assert "提交单位审核" in text and "还有 56 个错误" in text
    assert "草稿" in text and "draft=1" in text
    reviewer = world.client("reviewer").get(reverse("submissions:detail", args=[pk]))
    assert "提交单位审核" not in reviewer.content.decode()


def test_a_tabs_own_problems_are_listed_first(world: World) -> None:
    for section in ("narrative", "finance", "projects"):
        text = _panel(world, section)
        items = re.findall(r'<li class="problem[^"]*"[^>]*>(.*?)</li>', text, re.S)
        own = ["data-jump=" in item for item in items]
        assert any(own), section
        # every problem with a jump on this tab comes before every link to another tab
        assert own == sorted(own, reverse=True), section
