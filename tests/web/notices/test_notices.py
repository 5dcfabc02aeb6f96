"""Deadlines, 待办, notifications and 撤回 (issue 14, items 6 and 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from tests.web.conftest import SUBMIT, World, advance

from jixiao.web.accounts.models import AuditEvent
from jixiao.web.accounts.permissions import Action
from jixiao.web.notices.models import Notification
from jixiao.web.notices.selectors import todos, unit_deadlines
from jixiao.web.notices.services import set_deadline
from jixiao.web.submissions import services
from jixiao.web.submissions.models import Status, Transition


def _texts(w: World, who: str) -> list[str]:
    return list(Notification.objects.filter(user=w.users[who]).values_list("text", flat=True))


def test_every_move_tells_the_next_person(world: World) -> None:
    advance(world, "clean", ("editor", Action.SEND_TO_APPROVER, ""))
    assert any("等待您审核" in t for t in _texts(world, "approver"))
    assert not _texts(world, "editor")  # the actor is not told of their own move
    advance(world, "clean", ("approver", Action.FORWARD, ""))
    assert any("已报送财政" in t for t in _texts(world, "reviewer"))
    assert not _texts(world, "other_reviewer")
    advance(world, "clean", ("reviewer", Action.RETURN, "请补充整改时限。"))
    assert any("退回" in t and "请补充整改时限" in t for t in _texts(world, "editor"))
    advance(world, "clean", *SUBMIT, ("reviewer", Action.APPROVE, ""))
    assert any("审核通过" in t for t in _texts(world, "editor"))


@pytest.mark.django_db
def test_email_only_when_configured(world: World, settings: object) -> None:
    world.users["approver"].email = "head@example.gov.cn"
    world.users["approver"].save()
    setattr(settings, "NOTIFY_BY_EMAIL", False)  # noqa: B010
    advance(world, "clean", ("editor", Action.SEND_TO_APPROVER, ""))
    assert not mail.outbox
    setattr(settings, "NOTIFY_BY_EMAIL", True)  # noqa: B010
    setattr(settings, "EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")  # noqa: B010
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        advance(
            world,
            "clean",
            ("approver", Action.SEND_BACK, "请补充。"),
            ("editor", Action.SEND_TO_APPROVER, ""),
        )
    assert [m.to for m in mail.outbox] == [["head@example.gov.cn"]]


def test_editor_withdraws_what_the_head_has_not_acted_on(world: World) -> None:
    advance(world, "clean", ("editor", Action.SEND_TO_APPROVER, ""))
    moved = services.move(world.users["editor"], world.refresh("clean"), Action.WITHDRAW)
    assert moved.status == Status.DRAFT
    last = Transition.objects.filter(submission=moved).last()
    assert last is not None and last.action == "withdraw" and last.source == Status.UNIT_REVIEW
    assert AuditEvent.objects.filter(submission_id=moved.pk, detail__action="withdraw").exists()
    advance(
        world, "clean", ("editor", Action.SEND_TO_APPROVER, ""), ("approver", Action.FORWARD, "")
    )
    with pytest.raises(services.Refused):  # the head has acted: no longer the editor's
        services.move(world.users["editor"], world.refresh("clean"), Action.WITHDRAW)


def test_head_recalls_until_the_bureau_opens_it(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    page = reverse("submissions:detail", args=[world.subs["clean"].pk])
    assert "财政审核人尚未打开" in world.client("approver").get(page).content.decode()
    moved = services.move(world.users["approver"], world.refresh("clean"), Action.RECALL)
    assert moved.status == Status.UNIT_REVIEW
    advance(world, "clean", ("approver", Action.FORWARD, ""))
    world.client("reviewer").get(reverse("review:detail", args=[world.subs["clean"].pk]))
    assert "财政审核人尚未打开" not in world.client("approver").get(page).content.decode()
    with pytest.raises(services.Refused) as refused:
        services.move(world.users["approver"], world.refresh("clean"), Action.RECALL)
    assert refused.value.code == "opened"


def test_editor_may_not_recall(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    with pytest.raises(Exception, match="权限"):
        services.move(world.users["editor"], world.refresh("clean"), Action.RECALL)


def test_deadline_banner_shows_days_left_to_every_unit_of_the_region(world: World) -> None:
    due = timezone.localdate() + timedelta(days=12)
    set_deadline(world.users["reviewer"], world.regions["home"], 2023, due)
    page = world.client("editor").get(reverse("submissions:list")).content.decode()
    assert "2023年度绩效自评报送截止日期" in page and "还剩12天" in page
    other = world.client("other_editor").get(reverse("submissions:list")).content.decode()
    assert "还剩12天" not in other  # another region's units are not bound by it
    advance(world, "clean", *SUBMIT)
    (view,) = unit_deadlines(world.users["editor"])
    assert view.done and "已报送" in view.text


def test_overdue_deadline_says_so(world: World) -> None:
    set_deadline(
        world.users["reviewer"],
        world.regions["home"],
        2023,
        timezone.localdate() - timedelta(days=3),
    )
    (view,) = unit_deadlines(world.users["editor"])
    assert view.urgent and "已逾期3天" in view.text


def test_todo_lists_by_role(world: World) -> None:
    assert any("草稿" in t.text for t in todos(world.users["editor"]))
    advance(world, "clean", ("editor", Action.SEND_TO_APPROVER, ""))
    head = todos(world.users["approver"])
    assert any("等待您审核" in t.text for t in head)
    advance(world, "clean", ("approver", Action.FORWARD, ""))
    reviewer = todos(world.users["reviewer"])
    assert reviewer[0].count == 1 and "待审核" in reviewer[0].text
    assert not todos(world.users["other_reviewer"])
    dashboard = world.client("reviewer").get(reverse("review:dashboard")).content.decode()
    assert "待办" in dashboard and "甲单位2023年度自评：已报送，待审核" in dashboard


def test_missing_list_and_one_click_reminder(world: World) -> None:
    client = world.client("reviewer")
    set_deadline(world.users["reviewer"], world.regions["home"], 2023, timezone.localdate())
    page = client.get(reverse("notices:missing"), {"year": 2023}).content.decode()
    assert "甲单位" in page and "乙单位" not in page
    response = client.post(
        reverse("notices:remind"), {"year": "2023", "unit": str(world.units["home"].pk)}
    )
    assert response.status_code == 302
    assert any("尚未报送" in t for t in _texts(world, "editor"))
    advance(world, "clean", *SUBMIT)
    page = client.get(reverse("notices:missing"), {"year": 2023}).content.decode()
    assert "都已报送" in page


def test_reviewer_cannot_remind_another_region(world: World) -> None:
    client = world.client("other_reviewer")
    client.post(reverse("notices:remind"), {"year": "2023", "unit": str(world.units["home"].pk)})
    assert not _texts(world, "editor")


def test_notifications_page_and_mark_read(world: World) -> None:
    advance(world, "clean", ("editor", Action.SEND_TO_APPROVER, ""))
    client = world.client("approver")
    assert (
        '通知与待办 <span class="unread">1</span>'
        in client.get(reverse("notices:list")).content.decode()
    )
    client.post(reverse("notices:read"))
    assert not Notification.objects.filter(
        user=world.users["approver"], read_at__isnull=True
    ).exists()
