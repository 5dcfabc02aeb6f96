"""The production start, end to end: real `jixiao serve` processes and `jixiao check-deploy`.

Reproduces issue 11 item 6: with prod settings an empty database got the demo accounts;
behind an HTTPS proxy waitress dropped X-Forwarded-Proto, so every request was redirected
to https again (a loop) and HSTS was never sent. Each server runs on its own SQLite file in
a temporary data folder (DATABASE_URL is removed from its environment).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.conftest import copy_database

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent / "jixiao"
HOST = "jixiao.example.gov.cn"


def _env(folder: Path, **extra: str) -> dict[str, str]:
    # Nothing of the test run leaks in (the e2e tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    own = ("DATABASE_URL", "JIXIAO_", "DJANGO_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    env.update(
        DJANGO_SETTINGS_MODULE="jixiao.web.settings.prod",
        JIXIAO_DATA_DIR=str(folder),
        JIXIAO_SECRET_KEY="Qm9sZC1yYW5kb20tc2VjcmV0LWZvci10aGlzLXRlc3Qtb25seS0xMjM0NTY3ODkw",
        JIXIAO_ALLOWED_HOSTS=HOST,
        JIXIAO_TRUSTED_PROXIES="127.0.0.1",
    )
    env.update(extra)
    return env


def _users(folder: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(folder / "jixiao.sqlite3")) as db:
        return [name for (name,) in db.execute("SELECT username FROM auth_user")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _server(folder: Path, *args: str) -> Iterator[int]:
    port = _free_port()
    command = [str(BIN), "serve", "--no-job-worker", "--port", str(port), *args]
    with (folder / "server.log").open("ab") as log:
        process = subprocess.Popen(command, env=_env(folder), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 90
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), 1),
            ):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError((folder / "server.log").read_text(errors="replace"))
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def _get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": HOST, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.parametrize("workers", ["1", "2"], ids=["waitress", "gunicorn"])
def test_behind_the_https_proxy_no_redirect_loop_and_hsts(
    tmp_path: Path, workers: str, migrated_database: Path
) -> None:
    copy_database(migrated_database, tmp_path)  # an empty site; serve's migrate has nothing to do
    with _server(tmp_path, "--workers", workers) as port:
        proxied = _get(port, "/accounts/login/", **{"X-Forwarded-Proto": "https"})
        assert proxied.status == 200, (proxied.status, proxied.getheader("Location"))
        assert "max-age=31536000" in (proxied.getheader("Strict-Transport-Security") or "")
        plain = _get(port, "/accounts/login/")
        assert plain.status == 301
        assert plain.getheader("Location") == f"https://{HOST}/accounts/login/"
    assert _users(tmp_path) == []  # the production start without --demo: no demo accounts


def test_production_refuses_the_demo(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN), "serve", "--demo", "--no-job-worker"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "不能载入演示数据" in done.stdout
    assert not (tmp_path / "jixiao.sqlite3").exists() or _users(tmp_path) == []


def _check(folder: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "check-deploy"],
        env=_env(folder, **extra),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_passes_a_sound_installation_and_names_what_is_wrong(
    tmp_path: Path, migrated_database: Path
) -> None:
    copy_database(migrated_database, tmp_path)  # what `jixiao manage migrate` leaves
    sound = _check(tmp_path)
    assert sound.returncode == 0, sound.stdout + sound.stderr
    assert "部署检查通过" in sound.stdout

    wrong = _check(tmp_path, JIXIAO_TRUSTED_PROXIES="", JIXIAO_ALLOWED_HOSTS="*")
    assert wrong.returncode == 1
    assert "JIXIAO_TRUSTED_PROXIES" in wrong.stdout and "不能是 *" in wrong.stdout

    missing = _check(tmp_path, JIXIAO_SECRET_KEY="")
    assert missing.returncode == 1 and "JIXIAO_SECRET_KEY" in missing.stdout

    dev = _env(tmp_path, DJANGO_SETTINGS_MODULE="jixiao.web.settings.dev")
    subprocess.run([str(BIN), "manage", "load_demo"], env=dev, check=True, timeout=300)
    demo = _check(tmp_path)
    assert demo.returncode == 1
    assert "演示账号" in demo.stdout and "caizheng" in demo.stdout
