"""Password change, reset, and the forced change of an initial password (issue 11 item 6)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from tests.web.conftest import PASSWORD, World

from jixiao.web.accounts.models import AuditEvent, PasswordChangeRequired

NEW = "lanse-yunhai-2027"


def _signed_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _change(client: Client, old: str, new: str) -> object:
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_password_change_page_is_there_in_chinese(world: World) -> None:
    page = world.client("editor").get("/accounts/password/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "修改密码" in text and "原密码" in text and "再次输入新密码" in text


def test_a_user_changes_their_password(world: World) -> None:
    client = _signed_in("editor", PASSWORD)
    response = _change(client, PASSWORD, NEW)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert client.get("/submissions/").status_code == 200  # still signed in
    assert _signed_in("editor", NEW)
    assert AuditEvent.objects.filter(kind="password", username="editor").exists()


def test_a_new_password_must_differ_and_pass_the_validators(world: World) -> None:
    client = _signed_in("editor", PASSWORD)
    same = _change(client, PASSWORD, PASSWORD).content.decode()  # type: ignore[attr-defined]
    assert "新密码不能与原密码相同" in same
    short = _change(client, PASSWORD, "12345").content.decode()  # type: ignore[attr-defined]
    assert "密码长度太短" in short or "至少" in short


def test_an_initial_password_must_be_changed_at_first_sign_in(world: World) -> None:
    call_command(
        "add_member",
        "wang",
        role="unit_editor",
        password=PASSWORD,
        region="4309:益阳市",
        unit="901001:甲单位",
    )
    client = _signed_in("wang", PASSWORD)
    for path in ("/", "/submissions/", "/public/", "/api/tokens/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/", path
    htmx = client.get("/submissions/", headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == "/accounts/password/"
    page = client.get("/accounts/password/").content.decode()
    assert "初始密码" in page
    assert _change(client, PASSWORD, NEW).status_code == 302  # type: ignore[attr-defined]
    assert client.get("/submissions/").status_code == 200
    assert not PasswordChangeRequired.objects.filter(user__username="wang").exists()
    assert _signed_in("wang", NEW).get("/submissions/").status_code == 200


def test_users_of_the_demo_must_change_their_password(db: None) -> None:
    from jixiao.web.demo import DEMO_USERNAMES, load_demo

    load_demo()
    users = set(get_user_model().objects.values_list("username", flat=True))
    assert users == set(DEMO_USERNAMES)
    marked = set(PasswordChangeRequired.objects.values_list("user__username", flat=True))
    assert marked == users


def test_password_reset_mails_a_link_that_sets_a_new_password(world: World) -> None:
    editor = world.users["editor"]
    editor.email = "li@example.gov.cn"
    editor.save()
    PasswordChangeRequired.objects.create(user=editor, reason="管理员建立")
    form = Client().get("/accounts/password/reset/")
    assert form.status_code == 200 and "找回密码" in form.content.decode()
    sent = Client().post("/accounts/password/reset/", {"email": "LI@example.gov.cn"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "绩效自评系统：重设密码" and "editor" in message.body
    found = re.search(r"http://testserver(/accounts/reset/\S+/)", str(message.body))
    assert found is not None
    client = Client()
    confirm = client.get(found.group(1), follow=True)
    assert "设置新密码" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "密码已设置" in done.content.decode()
    assert _signed_in("editor", NEW)
    assert not PasswordChangeRequired.objects.filter(user=editor).exists()
    again = Client().get(found.group(1), follow=True).content.decode()
    assert "链接已失效" in again


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(world: World) -> None:
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.gov.cn"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert not mail.outbox


def test_the_login_page_offers_a_password_reset(db: None) -> None:
    text = Client().get("/accounts/login/").content.decode()
    assert "忘记密码" in text and 'href="/accounts/password/reset/"' in text


def test_an_administrator_resets_a_password_to_a_temporary_one(world: World) -> None:
    from io import StringIO

    for _ in range(5):
        Client().post("/accounts/login/", {"username": "editor", "password": "wrong"})
    out = StringIO()
    call_command("reset_password", "Editor", stdout=out)
    temporary = out.getvalue().split("临时密码：")[1].split("（")[0]
    client = _signed_in("editor", temporary)  # the lock is lifted too
    assert client.get("/submissions/")["Location"] == "/accounts/password/"
