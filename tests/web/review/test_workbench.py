"""The reviewer's workbench: the queue, bulk decisions, the review page's links (issue 14, 5)."""

from __future__ import annotations

import copy

from django.urls import reverse
from tests.web.conftest import CLEAN, SUBMIT, World, advance

from jixiao.core.basis import for_readers
from jixiao.web.accounts.models import Unit
from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Status


def _sent(w: World, name: str, code: str) -> int:
    unit = Unit.objects.create(region=w.regions["home"], code=code, name=name)
    sub = services.create(w.users["admin"], unit, 2023, copy.deepcopy(CLEAN)).submission
    for action in (Action.SEND_TO_APPROVER, Action.FORWARD):
        sub = services.move(w.users["admin"], sub, action)
    return int(sub.pk)


def test_default_queue_is_what_waits_and_drafts_are_not_mixed_in(world: World) -> None:
    sent = _sent(world, "丙单位", "901002")
    page = (
        world.client("reviewer").get(reverse("review:dashboard"), {"year": 2023}).content.decode()
    )
    assert "丙单位" in page and "甲单位" not in page  # 甲单位 is a draft
    everything = world.client("reviewer").get(
        reverse("review:dashboard"), {"year": "2023", "status": "all"}
    )
    assert "甲单位" in everything.content.decode()
    assert f'value="{sent}"' in page


def test_bulk_approve_three_in_one_go(world: World) -> None:
    ids = [_sent(world, f"单位{i}", f"90200{i}") for i in range(3)]
    response = world.client("reviewer").post(
        reverse("review:bulk"),
        {"action": "approve", "ids": [str(i) for i in ids], "comment": "同意。"},
    )
    assert response.status_code == 302
    from jixiao.web.submissions.models import Submission

    assert set(Submission.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.APPROVED
    }
    assert all(Submission.objects.get(pk=i).transitions.last().comment == "同意。" for i in ids)  # type: ignore[union-attr]


def test_bulk_refuses_per_item_and_keeps_the_rest(world: World) -> None:
    good = _sent(world, "丙单位", "901002")
    draft = world.subs["clean"].pk  # a draft cannot be approved
    away = world.subs["away"].pk  # another region's: not this reviewer's
    client = world.client("reviewer")
    response = client.post(
        reverse("review:bulk"),
        {"action": "approve", "ids": [str(good), str(draft), str(away)]},
        follow=True,
    )
    text = response.content.decode()
    assert "审核通过1份" in text and "2份未处理" in text
    assert world.refresh("away").status == Status.DRAFT


def test_bulk_return_needs_the_comment(world: World) -> None:
    good = _sent(world, "丙单位", "901002")
    response = world.client("reviewer").post(
        reverse("review:bulk"), {"action": "return", "ids": [str(good)], "comment": ""}, follow=True
    )
    assert "必须填写意见" in response.content.decode()


def test_review_page_links_sections_history_record_and_changes_since_return(world: World) -> None:
    advance(world, "clean", *SUBMIT, ("reviewer", Action.RETURN, "请改正合计。"))
    sub = world.refresh("clean")
    data = copy.deepcopy(sub.data)
    data["narrative"]["problems"] = "整改时限：2024年6月底前完成。"
    services.save(world.users["editor"], sub, data, base_version=sub.version)
    advance(world, "clean", *SUBMIT)
    page = world.client("reviewer").get(reverse("review:detail", args=[sub.pk])).content.decode()
    assert reverse("submissions:history", args=[sub.pk]) in page
    assert reverse("submissions:edit", args=[sub.pk, "finance"]) in page
    assert "流转记录" in page and "同意报送" in page
    assert "退回后的修改" in page and "整改时限：2024年6月底前完成。" in page


def test_hunan_unit_gets_hunan_policy_in_application(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    page = world.client("reviewer").get(reverse("review:detail", args=[world.subs["clean"].pk]))
    text = page.content.decode()
    assert "湘办发〔2019〕10号" in text and "达州" not in text


def test_references_for_readers_keep_the_document_number() -> None:
    text = "达州“优 优先保障”（http://swj.dazhou.gov.cn/x.html，RULES.md §6）"
    assert for_readers(text) == "达州“优 优先保障”"
    kept = "中发〔2018〕34号：绩效好的优先保障（RULES.md §6）；分值为 jixiao 暂定"
    assert for_readers(kept) == "中发〔2018〕34号：绩效好的优先保障"
