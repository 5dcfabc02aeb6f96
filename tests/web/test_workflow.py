"""The workflow services: every move checks role, state and problems, and records itself."""

from __future__ import annotations

import pytest
from tests.web.conftest import SUBMIT, World, advance

from jixiao.web.accounts.models import AuditEvent
from jixiao.web.accounts.permissions import Action
from jixiao.web.publishing.models import Publication
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Status, Transition


def test_full_path_to_published(world: World) -> None:
    sub = advance(world, "clean", *SUBMIT)
    assert sub.status == Status.SUBMITTED
    assert sub.submitted_at is not None
    sub = advance(world, "clean", ("reviewer", Action.RETURN, "请补充偏差原因"))
    assert sub.status == Status.RETURNED
    sub = advance(world, "clean", *SUBMIT, ("reviewer", Action.APPROVE, ""))
    sub = advance(world, "clean", ("reviewer", Action.PUBLISH, ""))
    assert sub.status == Status.PUBLISHED
    moves = list(Transition.objects.filter(submission=sub).values_list("action", "target"))
    assert moves[2] == ("return", "returned")
    assert moves[-1] == ("publish", "published")
    assert Publication.objects.get(submission=sub).documents.count() >= 2
    logged = AuditEvent.objects.filter(kind=AuditEvent.Kind.TRANSITION, submission_id=sub.pk)
    assert logged.count() == len(moves)
    assert Transition.objects.get(submission=sub, action="return").comment == "请补充偏差原因"


def test_errors_block_sending(world: World) -> None:
    with pytest.raises(services.Refused, match="错误未改正") as caught:
        services.move(world.users["editor"], world.subs["errors"], Action.SEND_TO_APPROVER)
    assert caught.value.code == "errors"
    assert world.refresh("errors").status == Status.DRAFT


def test_return_needs_comment(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    with pytest.raises(services.Refused, match="必须填写意见"):
        services.move(world.users["reviewer"], world.subs["clean"], Action.RETURN, comment="  ")


def test_wrong_state_and_wrong_role(world: World) -> None:
    with pytest.raises(services.Refused, match="不能执行"):
        services.move(world.users["approver"], world.subs["clean"], Action.FORWARD)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.move(world.users["editor"], world.subs["clean"], Action.FORWARD)
    with pytest.raises(PermissionDenied):
        services.move(world.users["other_reviewer"], world.subs["clean"], Action.APPROVE)


def test_stale_save_keeps_both_versions(world: World) -> None:
    sub = world.subs["clean"]
    first = services.save(
        world.users["editor"], sub, {**sub.data, "narrative": {"overview": "甲"}}, base_version=1
    )
    assert first.accepted and first.submission.version == 2
    second = services.save(
        world.users["approver"], sub, {**sub.data, "narrative": {"overview": "乙"}}, base_version=1
    )
    assert not second.accepted
    assert second.conflict is not None and second.conflict.data["narrative"]["overview"] == "乙"
    assert world.refresh("clean").data["narrative"]["overview"] == "甲"
    assert world.subs["clean"].history.count() == 2


def test_frozen_after_submission(world: World) -> None:
    sub = advance(world, "clean", *SUBMIT)
    with pytest.raises(services.Refused, match="不能修改"):
        services.save(world.users["editor"], sub, sub.data, base_version=sub.version)


def test_year_and_unit_name_are_pinned_on_every_save(world: World) -> None:
    sub = world.subs["clean"]
    posted = {**sub.data, "fiscal_year": "2031", "unit": {**sub.data["unit"], "name": "乙"}}
    saved = services.save(world.users["editor"], sub, posted, base_version=1)
    assert saved.submission.data["fiscal_year"] == 2023
    assert saved.submission.data["unit"]["name"] == sub.data["unit"]["name"]
