"""The form counts for the clerk: sums beside totals, the computed score, 科目名称, levels."""

from __future__ import annotations

import copy
import re
from typing import Any

from django.urls import reverse
from tests.web.conftest import World

from jixiao.web.submissions import services
from jixiao.web.submissions.formdata import flatten


def _edit(world: World, section: str, key: str = "clean") -> str:
    return reverse("submissions:edit", args=[world.subs[key].pk, section])


def _emptied(world: World, path: tuple[str, ...]) -> None:
    sub = world.refresh("clean")
    data: dict[str, Any] = copy.deepcopy(sub.data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node.pop(path[-1])
    services.save(world.users["editor"], sub, data, base_version=sub.version)


def test_a_total_shows_the_sum_of_its_parts_to_take(world: World) -> None:
    basic = world.refresh("clean").data["finance"]["expenditure"]["basic"]["total"]
    _emptied(world, ("finance", "expenditure", "basic", "total"))
    text = world.client("editor").get(_edit(world, "finance")).content.decode()
    place = re.search(
        r'<small class="calc" id="calc-f-finance-expenditure-basic-total".*?</small>', text, re.S
    )
    assert place is not None
    assert "按人员经费与公用经费合计" in place.group(0)
    assert f'data-value="{basic}"' in place.group(0)
    assert 'data-fill="f-finance-expenditure-basic-total"' in place.group(0)


def test_the_live_check_brings_the_sums_in_one_block_for_the_page_to_place(
    world: World,
) -> None:
    """One hidden block, no htmx out-of-band swaps: those ran one by one (~9 s a page)."""
    sub = world.refresh("clean")
    url = reverse("submissions:preview", args=[sub.pk, "finance"])
    post = {k: v for k, v in flatten(sub.data).items() if k.startswith("finance.expenditure.basic")}
    post["finance.expenditure.basic.personnel"] = "1000"
    post["finance.expenditure.basic.public"] = "234.5"
    text = world.client("editor").post(url, post).content.decode()
    assert "hx-swap-oob" not in text
    block = re.search(r'<div class="calc-offers" hidden data-offers>(.*?)</div>', text, re.S)
    assert block is not None
    offer = re.search(
        r'<small class="calc" id="calc-f-finance-expenditure-basic-total">.*?</small>',
        block.group(1),
        re.S,
    )
    assert offer is not None and 'data-value="1234.50"' in offer.group(0)


def test_the_stated_score_offers_the_computed_one(world: World) -> None:
    text = world.client("editor").get(_edit(world, "report")).content.decode()
    place = re.search(r'id="calc-f-self_evaluation-score".*?</small>', text, re.S)
    assert place is not None and "✓ 与计算得分一致" in place.group(0)  # the example agrees
    _emptied(world, ("self_evaluation", "score"))
    text = world.client("editor").get(_edit(world, "report")).content.decode()
    place = re.search(r'id="calc-f-self_evaluation-score".*?</small>', text, re.S)
    assert place is not None and "计算得分" in place.group(0)
    score = world.refresh("clean").score
    assert score is not None
    assert f'data-value="{score.normalize():f}"' in place.group(0)
    assert 'data-fill="f-self_evaluation-score"' in place.group(0)


def test_an_economic_class_name_comes_from_the_code_table(world: World) -> None:
    sub = world.refresh("clean")
    text = world.client("editor").get(_edit(world, "classes")).content.decode()
    assert '<datalist id="economic-codes">' in text and 'value="30101"' in text
    post = {k: v for k, v in flatten(sub.data).items() if "by_economic_class" in k}
    post = {k: v for k, v in post.items() if not k.startswith("finance.expenditure.basic.")}
    post.update(
        {
            "finance.expenditure.basic.by_economic_class[0].code": "30101",
            "finance.expenditure.basic.by_economic_class[0].amount": "100",
            "base_version": str(sub.version),
        }
    )
    response = world.client("editor").post(_edit(world, "classes"), post)
    assert response.status_code == 302
    line = world.refresh("clean").data["finance"]["expenditure"]["basic"]["by_economic_class"][0]
    assert line == {"code": "30101", "amount": "100", "name": "基本工资"}


def test_indicator_levels_are_choices_of_the_framework(world: World) -> None:
    text = world.client("editor").get(_edit(world, "projects")).content.decode()
    select = re.search(r'<select id="f-projects-0-indicators-0-level1".*?</select>', text, re.S)
    assert select is not None
    options = re.findall(r'<option value="([^"]*)"', select.group(0))
    assert options[:4] == ["", "产出指标", "效益指标", "满意度指标"]
    level2 = re.search(r'<select id="f-projects-0-indicators-0-level2".*?</select>', text, re.S)
    assert level2 is not None and "成本指标" in level2.group(0)
