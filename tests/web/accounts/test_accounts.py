"""Login throttling, argon2, the audit log, security headers and the member command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.core.management import CommandError, call_command
from django.test import Client
from tests.web.conftest import PASSWORD, World

from jixiao.web.accounts.models import AuditEvent, Membership, Role


def _login(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


def test_login_is_audited_and_lands_on_role_home(world: World) -> None:
    client = Client()
    assert _login(client, "reviewer", PASSWORD) == 302
    assert AuditEvent.objects.filter(kind="login", username="reviewer").exists()
    assert client.get("/").headers["Location"] == "/review/dashboard/"


def test_five_failures_lock_the_name_even_with_the_right_password(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "editor", "password": "x"})
        assert "用户名或密码不正确" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert AuditEvent.objects.filter(kind="login_failed").count() == 5
    assert AuditEvent.objects.filter(kind="login_locked").count() == 1
    assert _login(Client(), "approver", PASSWORD) == 302  # another name is not locked…


def test_argon2_is_the_production_hasher() -> None:
    from django.conf import settings

    production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert production[0].endswith("Argon2idHasher")
    assert get_hasher("argon2").algorithm == "argon2"


def test_argon2_uses_little_memory_and_upgrades_older_hashes() -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

    assert "$argon2id$v=19$m=19456,t=2,p=1$" in make_password("secret-1", hasher="argon2")
    django_default = Argon2PasswordHasher()
    old = django_default.encode("secret-1", django_default.salt())
    assert "m=102400" in old
    assert check_password("secret-1", old)
    assert get_hasher("argon2").must_update(old)


def test_security_headers(world: World) -> None:
    response = Client().get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "csrftoken" in response.cookies


def test_prod_settings_refuse_to_start_without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("JIXIAO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="JIXIAO_SECRET_KEY"):
        importlib.import_module("jixiao.web.settings.prod")
    monkeypatch.setenv("JIXIAO_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("JIXIAO_ALLOWED_HOSTS", "jixiao.example.gov.cn")
    import sys

    sys.modules.pop("jixiao.web.settings.prod", None)
    prod = importlib.import_module("jixiao.web.settings.prod")
    assert prod.DEBUG is False and prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert prod.SECURE_HSTS_SECONDS >= 31_536_000
    sys.modules.pop("jixiao.web.settings.prod", None)


def test_add_member_command(db: None) -> None:
    out = StringIO()
    call_command(
        "add_member",
        "li",
        role="unit_editor",
        password=PASSWORD,
        region="4309:益阳市",
        unit="901001:益阳市司法局",
        stdout=out,
    )
    member = Membership.objects.get(user__username="li")
    assert member.role == Role.UNIT_EDITOR and member.unit is not None
    assert member.unit.region.name == "益阳市"
    with pytest.raises(CommandError, match="已存在"):
        call_command("add_member", "li", role="admin", password=PASSWORD)
    with pytest.raises(CommandError, match="编码:名称"):
        call_command("add_member", "wang", role="finance_reviewer", password=PASSWORD)
    assert get_user_model().objects.filter(username="wang").count() == 0


def test_address_failures_slow_with_a_growing_capped_delay_and_never_lock(world: World) -> None:
    from jixiao.web.accounts import throttle
    from jixiao.web.accounts.models import LoginFailure

    def failures(count: int) -> None:
        LoginFailure.objects.bulk_create(
            LoginFailure(username=f"guess{n}", ip="10.0.0.7") for n in range(count)
        )

    failures(49)
    assert throttle.assess("editor", "10.0.0.7") == throttle.Verdict(0, 0.0)
    for total, delay in ((50, 1.0), (100, 2.0), (399, 4.0), (400, 8.0), (1000, 8.0)):
        failures(total - LoginFailure.objects.count())
        assert throttle.assess("editor", "10.0.0.7") == throttle.Verdict(0, delay), total
    assert throttle.assess("editor", "10.0.0.8") == throttle.Verdict(0, 0.0)
