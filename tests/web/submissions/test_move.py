"""Workflow actions from the overview: success and every refusal come back as a message."""

from __future__ import annotations

from django.urls import reverse
from tests.web.conftest import SUBMIT, World, advance

from jixiao.web.accounts.permissions import Action
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Status


def _move(world: World, who: str, key: str, **data: str) -> str:
    client = world.client(who)
    pk = world.subs[key].pk
    response = client.post(reverse("submissions:move", args=[pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:detail", args=[pk])
    return client.get(response["Location"]).content.decode()


def test_send_with_errors_is_refused_with_the_count(world: World) -> None:
    page = _move(world, "editor", "errors", action="send_to_approver")
    assert "个错误未改正" in page
    assert world.refresh("errors").status == Status.DRAFT


def test_send_clean_submission(world: World) -> None:
    page = _move(world, "editor", "clean", action="send_to_approver")
    assert "已提交单位审核" in page
    assert world.refresh("clean").status == Status.UNIT_REVIEW


def test_send_back_needs_a_comment(world: World) -> None:
    advance(world, "clean", ("editor", Action.SEND_TO_APPROVER, ""))
    page = _move(world, "approver", "clean", action="send_back", comment="  ")
    assert "必须填写意见" in page
    page = _move(world, "approver", "clean", action="send_back", comment="请补充项目指标")
    assert world.refresh("clean").status == Status.DRAFT
    assert "单位负责人退回意见" in page and "请补充项目指标" in page


def test_return_comment_is_shown_prominently(world: World) -> None:
    advance(world, "clean", *SUBMIT, ("reviewer", Action.RETURN, "三公经费口径有误"))
    pk = world.subs["clean"].pk
    text = world.client("editor").get(reverse("submissions:detail", args=[pk])).content.decode()
    assert "财政审核退回意见" in text and "三公经费口径有误" in text
    edit = reverse("submissions:edit", args=[pk, "unit"])
    assert "三公经费口径有误" in world.client("editor").get(edit).content.decode()


def test_unknown_action_and_wrong_state(world: World) -> None:
    assert "未知的操作" in _move(world, "editor", "clean", action="explode")
    page = _move(world, "approver", "clean", action="forward")
    assert "不能执行“报送财政”" in page
    assert "意见太长" in _move(world, "approver", "clean", action="send_back", comment="x" * 6000)


def test_a_reviewer_cannot_make_unit_moves(world: World) -> None:
    pk = world.subs["clean"].pk
    response = world.client("reviewer").post(
        reverse("submissions:move", args=[pk]), {"action": "send_to_approver"}
    )
    assert response.status_code == 403


def test_the_overview_lists_empty_report_sections_before_submitting(world: World) -> None:
    sub = world.refresh("clean")
    data = {**sub.data, "narrative": {**sub.data["narrative"], "problems": ""}}
    services.save(world.users["editor"], sub, data, base_version=1)
    url = reverse("submissions:detail", args=[sub.pk])
    text = world.client("editor").get(url).content.decode()
    assert 'data-testid="empty-sections"' in text
    assert "部门整体报告的「存在的问题」没有填写" in text
    assert reverse("submissions:edit", args=[sub.pk, "narrative"]) in text
    assert "个报告章节没有内容，报告中将印出" in text  # the submit button asks first
    # the reviewer, who does not submit, is not asked
    text = world.client("reviewer").get(url).content.decode()
    assert 'data-testid="empty-sections"' not in text


def test_the_tab_where_a_section_is_written_warns_that_it_is_empty(world: World) -> None:
    sub = world.refresh("clean")
    data = {**sub.data, "narrative": {**sub.data["narrative"], "problems": ""}}
    services.save(world.users["editor"], sub, data, base_version=1)
    tab = reverse("submissions:edit", args=[sub.pk, "narrative"])
    text = world.client("editor").get(tab).content.decode()
    assert 'data-testid="section-empty"' in text
    assert "本栏目有 1 个报告章节没有内容" in text
    assert "部门整体报告的「存在的问题」没有填写" in text
    assert 'data-jump="' in text.split('data-testid="section-empty"')[1].split("</section>")[0]
    # typing the text (the live check) clears it before saving
    preview = reverse("submissions:preview", args=[sub.pk, "narrative"])
    posted = {f"narrative.{k}": v for k, v in data["narrative"].items() if isinstance(v, str)}
    posted["narrative.problems"] = "部分项目绩效目标不够细化。"
    filled = world.client("editor").post(preview, {**posted, "base_version": "2"})
    assert 'data-testid="section-empty"' not in filled.content.decode()
    # another tab does not carry this tab's warning; a reviewer (who cannot edit) is not asked
    other = reverse("submissions:edit", args=[sub.pk, "finance"])
    assert 'data-testid="section-empty"' not in world.client("editor").get(other).content.decode()
    assert 'data-testid="section-empty"' not in world.client("reviewer").get(tab).content.decode()
