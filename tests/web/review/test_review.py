"""The review page: findings, deductions, risk, comments, return / approve / publish."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from tests.web.conftest import SUBMIT, advance

from jixiao.web.review.models import ReviewComment
from jixiao.web.submissions.models import Status

if TYPE_CHECKING:
    from tests.web.conftest import World


def _url(name: str, world: World, key: str = "clean") -> str:
    return reverse(f"review:{name}", kwargs={"pk": world.subs[key].pk})


def test_detail_shows_problems_deductions_risk_and_application(world: World) -> None:
    response = world.client("reviewer").get(_url("detail", world, "errors"))
    assert response.status_code == 200
    html = response.content.decode()
    a = response.context["a"]
    assert any(p["code"] == "totals.sum-mismatch" for p in a.problems)
    assert "5465.60" in html
    assert any(s["deductions"] for s in a.scores)
    assert a.risk.score > 0 and any("错误" in r for r in a.risk.reasons)
    assert a.application.treatment in html
    assert "style=" not in html


def test_a_computed_indicator_shows_its_rule_once(world: World) -> None:
    """Its `target` is the scoring standard: the 指标值 cell must not repeat the rule."""
    response = world.client("reviewer").get(_url("detail", world, "errors"))
    html = response.content.decode()
    computed = [d for s in response.context["a"].scores for d in s["deductions"] if d["computed"]]
    assert computed
    for d in computed:
        assert f'data-label="指标值">{escape(d["target"])}' not in html, d["indicator"]
    assert 'data-label="指标值"><span class="muted" title="按规则计算' in html


def test_other_region_reviewer_is_refused(world: World) -> None:
    response = world.client("other_reviewer").get(_url("detail", world))
    assert response.status_code == 403


def test_missing_submission_is_404(world: World) -> None:
    response = world.client("reviewer").get(reverse("review:detail", kwargs={"pk": 99999}))
    assert response.status_code == 404


def test_comments_are_added_listed_and_prefill_the_return(world: World) -> None:
    client = world.client("reviewer")
    response = client.post(
        _url("comment", world), {"section": "finance", "text": "总支出与分项不符，请核对。"}
    )
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert (comment.section, comment.version) == ("finance", world.subs["clean"].version)
    assert comment.author == world.users["reviewer"]
    advance(world, "clean", *SUBMIT)
    page = client.get(_url("detail", world))
    assert "总支出与分项不符" in page.content.decode()
    # the submission moved to a new version? no: moves keep the version, so it prefills
    assert "【收支情况】总支出与分项不符，请核对。" in page.context["return_text"]


def test_bad_comments_are_refused_and_kept(world: World) -> None:
    client = world.client("reviewer")
    blank = client.post(_url("comment", world), {"section": "finance", "text": "   "})
    assert blank.status_code == 400
    bad = client.post(_url("comment", world), {"section": "../etc", "text": "保留这段话"})
    assert bad.status_code == 400
    assert "保留这段话" in bad.content.decode()
    assert not ReviewComment.objects.exists()


def test_return_requires_a_comment_and_keeps_state(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    client = world.client("reviewer")
    refused = client.post(_url("move", world), {"action": "return", "comment": "  "})
    assert refused.status_code == 409
    assert "必须填写意见" in refused.content.decode()
    assert world.refresh("clean").status == Status.SUBMITTED
    done = client.post(_url("move", world), {"action": "return", "comment": "请补充偏差原因。"})
    assert done.status_code == 302
    sub = world.refresh("clean")
    assert sub.status == Status.RETURNED
    assert sub.transitions.last().comment == "请补充偏差原因。"  # type: ignore[union-attr]


def test_approve_then_publish(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    client = world.client("reviewer")
    assert client.post(_url("move", world), {"action": "approve"}).status_code == 302
    assert world.refresh("clean").status == Status.APPROVED
    assert client.post(_url("move", world), {"action": "publish"}).status_code == 302
    assert world.refresh("clean").status == Status.PUBLISHED


def test_wrong_state_and_unknown_action_keep_the_typed_text(world: World) -> None:
    client = world.client("reviewer")
    wrong = client.post(_url("move", world), {"action": "approve", "comment": "我的意见"})
    assert wrong.status_code == 409
    assert "我的意见" in wrong.content.decode()
    unknown = client.post(_url("move", world), {"action": "edit", "comment": "别丢"})
    assert unknown.status_code == 400
    assert "别丢" in unknown.content.decode()
    assert world.refresh("clean").status == Status.DRAFT


def test_report_download(world: World) -> None:
    response = world.client("reviewer").get(
        reverse("review:report", kwargs={"pk": world.subs["clean"].pk, "fmt": "html"})
    )
    assert response.status_code == 200
    assert "甲单位" in response.content.decode() or "司法局" in response.content.decode()


def test_the_review_address_without_a_page_leads_to_the_work_page(world: World) -> None:
    response = world.client("reviewer").get("/review/")
    assert response.status_code == 302
    assert response["Location"] == reverse("review:dashboard")


def test_a_pdf_link_fetches_the_submission_once_and_answers_with_the_job(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hundred reviewers click it at once at the deadline: the row (with its data) is
    # read once, the job is made and queued, and the answer is the job page.
    from jixiao.web.jobs import services
    from jixiao.web.jobs.models import Job

    queued: list[int] = []
    monkeypatch.setattr(services, "enqueue", queued.append)
    client = world.client("reviewer")
    url = reverse("review:report", kwargs={"pk": world.subs["clean"].pk, "fmt": "pdf"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": job.pk})
    assert queued == [job.pk]
    reads = [
        q["sql"] for q in captured.captured_queries if 'FROM "submissions_submission"' in q["sql"]
    ]
    assert len(reads) == 1, reads
