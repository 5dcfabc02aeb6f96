"""Login throttling keyed by the normalised account and, separately, by address.

Reproduces issue 11 item 5: spelling variants of one name were counted apart (and signed
in while the name was locked), a locked name could not sign in from anywhere, and fifty
failures from one address locked out everyone behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.web.conftest import PASSWORD, World

from jixiao.web.accounts.models import AuditEvent

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

VARIANTS = ("reviewer ", " reviewer", "\treviewer", "ｒｅｖｉｅｗｅｒ", "REVIEWER")
"""What an attacker typed in the probe: trailing/leading blanks, a tab, full width, case."""


def _post(address: str, username: str, password: str) -> Response:
    client = Client(REMOTE_ADDR=address)
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the delays the throttle asks for instead of waiting them out."""
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    return slept


def test_spelling_variants_are_one_account(world: World, no_sleep: list[float]) -> None:
    for variant in VARIANTS:
        assert "用户名或密码不正确" in _post("10.1.0.1", variant, "wrong").content.decode()
    for variant in ("reviewer", *VARIANTS):
        refused = _post("10.1.0.1", variant, PASSWORD)
        assert refused.status_code == 200, variant
        assert "登录失败次数过多" in refused.content.decode()
    assert set(
        AuditEvent.objects.filter(kind="login_failed").values_list("username", flat=True)
    ) == {"reviewer"}


def test_every_variant_signs_in_as_the_one_user(world: World, no_sleep: list[float]) -> None:
    for variant in ("reviewer", *VARIANTS):
        assert _post("10.1.0.2", variant, PASSWORD).status_code == 302, repr(variant)


def test_a_locked_account_still_signs_in_from_an_address_that_has_not_failed(
    world: World, no_sleep: list[float]
) -> None:
    for _ in range(5):
        _post("10.2.0.1", "reviewer", "wrong")
    assert "登录失败次数过多" in _post("10.2.0.1", "reviewer", PASSWORD).content.decode()
    assert _post("10.2.0.2", "reviewer", PASSWORD).status_code == 302
    # The owner's success does not reopen the attacker's address.
    assert "登录失败次数过多" in _post("10.2.0.1", "reviewer", PASSWORD).content.decode()


def test_many_failures_from_one_address_slow_but_never_lock(
    world: World, no_sleep: list[float]
) -> None:
    for index in range(60):
        _post("10.3.0.1", f"guess{index}", "wrong")
    assert no_sleep, "attempts beyond the address threshold must be delayed"
    assert max(no_sleep) <= 10
    delays = len(no_sleep)
    assert _post("10.3.0.1", "editor", PASSWORD).status_code == 302
    assert _post("10.3.0.1", "approver", PASSWORD).status_code == 302
    assert len(no_sleep) == delays + 2  # slowed, not refused
    before = len(no_sleep)
    assert _post("10.3.0.2", "reviewer", PASSWORD).status_code == 302
    assert len(no_sleep) == before  # another address is not slowed


def test_admin_sees_and_lifts_a_lockout(world: World, no_sleep: list[float]) -> None:
    for _ in range(5):
        _post("10.4.0.1", "Reviewer", "wrong")
    page = world.client("admin").get("/accounts/lockouts/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "reviewer" in text and "10.4.0.1" in text
    assert world.client("reviewer").get("/accounts/lockouts/").status_code == 403
    lifted = world.client("admin").post("/accounts/lockouts/lift/", {"account": "reviewer"})
    assert lifted.status_code == 302
    assert _post("10.4.0.1", "reviewer", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(kind="unlock", username="admin").exists()


def test_usernames_are_normalised_when_created(db: None) -> None:
    model = get_user_model()
    user = model.objects.create_user(username=" ＷａｎｇＷｕ\t", password=PASSWORD)
    assert user.username == "wangwu"
    assert _post("10.5.0.1", "WANGWU", PASSWORD).status_code == 302


def test_add_member_refuses_a_second_spelling_of_a_name(world: World) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="已存在"):
        call_command("add_member", " ＥＤＩＴＯＲ ", role="admin", password=PASSWORD)
    with pytest.raises(CommandError, match="无效"):
        call_command("add_member", "li si", role="admin", password=PASSWORD)


def test_existing_names_are_normalised_by_the_migration(world: World) -> None:
    import importlib

    from django.apps import apps

    model = get_user_model()
    model.objects.filter(username="approver").update(username=" Approver")
    model.objects.filter(username="other_editor").update(username="EDITOR")  # key taken
    migration = importlib.import_module("jixiao.web.accounts.migrations.0002_security")
    migration.normalise_usernames(apps, None)
    names = set(model.objects.values_list("username", flat=True))
    assert "approver" in names and " Approver" not in names
    assert "EDITOR" in names  # left as it was: "editor" belongs to someone else
    for typed, who in (("approver", "approver"), ("EDITOR", "EDITOR"), ("Editor", "editor")):
        signed_in = _post("10.6.0.1", typed, PASSWORD)
        assert signed_in.status_code == 302
        assert signed_in.wsgi_request.user.get_username() == who, typed


def test_slowed_attempts_never_occupy_every_thread(world: World, no_sleep: list[float]) -> None:
    from jixiao.web.accounts import throttle
    from jixiao.web.accounts.models import LoginFailure

    LoginFailure.objects.bulk_create(
        LoginFailure(username=f"guess{n}", ip="10.7.0.1") for n in range(50)
    )
    slots = throttle._waiting_slots()
    taken = [slots.acquire(blocking=False) for _ in range(2)]
    try:
        assert all(taken)
        busy = _post("10.7.0.1", "editor", PASSWORD)
        assert "登录请求过多" in busy.content.decode()
        assert _post("10.7.0.2", "editor", PASSWORD).status_code == 302  # not slowed: no wait
    finally:
        for _ in taken:
            slots.release()
    assert _post("10.7.0.1", "editor", PASSWORD).status_code == 302
    assert LoginFailure.objects.filter(username="editor").count() == 0
