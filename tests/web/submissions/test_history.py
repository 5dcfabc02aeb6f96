"""Version history shows what changed; restore makes an old version current again."""

from __future__ import annotations

from django.urls import reverse
from tests.web.conftest import World

from jixiao.web.submissions import services
from jixiao.web.submissions.models import ConflictCopy


def _save_total(world: World, value: str, base: int) -> services.Saved:
    sub = world.refresh("clean")
    data = {**sub.data, "finance": {**sub.data["finance"], "revenue": {"total": value}}}
    return services.save(world.users["editor"], sub, data, base_version=base, section="收支情况")


def test_history_lists_changes_between_versions(world: World) -> None:
    _save_total(world, "7777", 1)
    url = reverse("submissions:history", args=[world.subs["clean"].pk])
    text = world.client("reviewer").get(url).content.decode()
    assert "保存：收支情况" in text
    assert "7777" in text and "收入" in text
    assert "首个版本" in text
    assert "恢复此版本" not in text  # a reviewer may look, not restore


def test_restore_an_earlier_version(world: World) -> None:
    original = world.refresh("clean").data["finance"]["revenue"]
    _save_total(world, "7777", 1)
    sub = world.refresh("clean")
    first = sub.history.earliest("history_date")
    client = world.client("editor")
    url = reverse("submissions:restore", args=[sub.pk, first.history_id])
    response = client.post(url, {"base_version": "2"})
    assert response.status_code == 302
    assert "已恢复" in client.get(response["Location"]).content.decode()
    sub = world.refresh("clean")
    assert sub.version == 3 and sub.data["finance"]["revenue"] == original


def test_restore_with_a_stale_version_is_refused(world: World) -> None:
    _save_total(world, "7777", 1)
    sub = world.refresh("clean")
    first = sub.history.earliest("history_date")
    client = world.client("editor")
    url = reverse("submissions:restore", args=[sub.pk, first.history_id])
    response = client.post(url, {"base_version": "1"})
    assert "恢复未执行" in client.get(response["Location"]).content.decode()
    assert world.refresh("clean").version == 2
    bad = client.post(url, {"base_version": "x"})
    assert "版本号" in client.get(bad["Location"]).content.decode()
    missing = client.post(
        reverse("submissions:restore", args=[sub.pk, 999999]), {"base_version": "2"}
    )
    assert "找不到该历史版本" in client.get(missing["Location"]).content.decode()


def test_conflict_copy_is_listed_and_compared(world: World) -> None:
    _save_total(world, "1111", 1)
    saved = _save_total(world, "2222", 1)
    assert not saved.accepted
    pk = world.subs["clean"].pk
    history = world.client("editor").get(reverse("submissions:history", args=[pk]))
    copy = ConflictCopy.objects.get(submission_id=pk)
    url = reverse("submissions:conflict", args=[pk, copy.pk])
    assert url in history.content.decode()
    text = world.client("editor").get(url).content.decode()
    assert "1111" in text and "2222" in text and "第2版" in text
    assert world.client("other_editor").get(url).status_code == 403
