"""The hostile-input probes of issue 11 as tests: CLI and a live server, bounded.

Every input comes from `inputs.py` (generated, nothing binary committed). Each runs in a
child process under an address-space limit (`resource.setrlimit`), and must end with the
expected exit code and a Chinese message within CPU_BOUND CPU seconds and MEMORY_BOUND_MB
of peak RSS (the child's own, from wait4). Then one live `jixiao serve` takes the web
probes and must still answer its dashboard. The bounds are generous for a loaded CI
machine; the failures they catch were minutes and gigabytes (or a SIGABRT).
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from tests.conftest import copy_database, once_per_run
from tests.hostile import inputs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

CPU_BOUND = 60.0
"""CPU seconds per probe (user + system, from wait4), start-up included: a quiet machine
needs 1–10; CPU time does not grow when a shared CI machine is busy, wall time does."""
TIME_BOUND = 300.0
"""Wall seconds per probe or request: only a hang guard (a loaded machine is slow)."""
MEMORY_BOUND_MB = 700
"""Peak RSS per probe; the crashes asked for 4.3 GB to 512 GB."""
ADDRESS_SPACE = 3 * 1024**3
"""RLIMIT_AS of each child (and of the server): a runaway allocation fails inside it."""
CLI = str(Path(sys.executable).with_name("jixiao"))

pytestmark = pytest.mark.slow


@dataclass
class Ran:
    code: int
    output: str
    seconds: float
    cpu: float
    peak_mb: float


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_bounded(args: list[str], cwd: Path) -> Ran:
    """Run a CLI command in a child under the address-space limit; measure it."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [CLI, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_limit,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert child.stdout is not None
    output = child.stdout.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Ran(child.returncode, output, time.perf_counter() - start, cpu, usage.ru_maxrss / 1024)


def _within_bounds(ran: Ran) -> None:
    assert ran.cpu < CPU_BOUND, f"{ran.cpu:.1f} s CPU"
    assert ran.seconds < TIME_BOUND, f"{ran.seconds:.1f} s"
    assert ran.peak_mb < MEMORY_BOUND_MB, f"{ran.peak_mb:.0f} MB"
    assert "Traceback" not in ran.output, ran.output[-2000:]


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every input, made once per run (about 7 s of CPU) and shared by the xdist workers
    (`once_per_run`); the probes only read them."""

    def make_all(out: Path) -> None:
        names = {name: make(out).name for name, make in inputs.ALL.items()}
        (out / "names.json").write_text(json.dumps(names), encoding="utf-8")

    out = once_per_run(tmp_path_factory, "hostile-inputs", make_all)
    names: dict[str, str] = json.loads((out / "names.json").read_text(encoding="utf-8"))
    return {name: out / file for name, file in names.items()}


CLI_PROBES: list[tuple[str, str, set[int], str]] = [
    # (input, command, allowed exit codes, Chinese text the output must contain)
    ("far-XFD1048576", "import", {2}, "超出工作表『单位信息』的可读范围"),
    ("far-ZZ200000", "import", {2}, "单位信息!ZZ200000"),
    ("invalid-rows", "check", {1}, "应为"),
    ("forged-outline", "check", {1}, "不能含换行符"),
    ("huge-number", "check", {2}, "数字位数过多"),
    ("empty-paragraphs", "audit", {2}, "超过核查上限"),
    ("many-paragraphs", "audit", {2}, "个段落"),
    ("repeated-lines", "audit", {0, 1}, "警告"),
    ("nested-html", "audit", {2}, "层嵌套"),
    ("many-pages", "audit", {2}, "页"),
]


@pytest.mark.parametrize(("name", "command", "codes", "text"), CLI_PROBES)
def test_cli_probe(
    made: dict[str, Path], tmp_path: Path, name: str, command: str, codes: set[int], text: str
) -> None:
    ran = run_bounded([command, str(made[name])], tmp_path)
    assert ran.code in codes, ran.output[-2000:]
    assert text in ran.output, ran.output[-2000:]
    _within_bounds(ran)


def test_cli_reads_no_device_forever(tmp_path: Path) -> None:
    ran = run_bounded(["check", "/dev/zero"], tmp_path)
    assert ran.code == 2 and "上限" in ran.output, ran.output[-2000:]
    _within_bounds(ran)


def test_forged_outline_report_has_no_forged_heading(made: dict[str, Path], tmp_path: Path) -> None:
    """A forged name is refused at its field; the draft report carries it as no heading."""
    ran = run_bounded(
        ["report", str(made["forged-outline"]), "-o", "out", "--format", "html", "--draft"],
        tmp_path,
    )
    assert ran.code == 0, ran.output[-2000:]
    _within_bounds(ran)
    pages = sorted((tmp_path / "out").glob("*.html"))
    assert pages and all(p.name.startswith("forged_v2-") for p in pages), pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<h\d[^>]*>[^<]*伪造", html), page.name


# --- a live server ------------------------------------------------------------------------

PASSWORD = "hostile-probe-" + uuid.uuid4().hex[:8]


def _port() -> int:
    wanted = os.environ.get("JIXIAO_TEST_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([CLI, "manage", *args], env=env, check=True, capture_output=True)


MEMBERS: tuple[tuple[str, str, list[str]], ...] = (
    ("probe_editor", "unit_editor", ["--unit", "901001:探测单位"]),
    ("probe_reviewer", "finance_reviewer", []),
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Iterator[str]:
    """`jixiao serve` on a fresh (migrated, empty) SQLite database, under the address-space
    limit; the probe accounts are made by `add_member` in one `manage shell` process."""
    data = tmp_path_factory.mktemp("server")
    copy_database(migrated_database, data)
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"JIXIAO_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    members = [
        [user, "--role", role, "--region", "4309:益阳市", "--password", PASSWORD, "--name", "探测", *extra]
        for user, role, extra in MEMBERS
    ]  # fmt: skip
    # The probe accounts keep their initial passwords (no forced change before probing).
    _manage(
        env, "shell", "-c",
        "from django.core.management import call_command as c;"
        f"[c('add_member', *args) for args in {members!r}];"
        "from jixiao.web.accounts.passwords import PasswordChangeRequired as P;"
        "P.objects.all().delete()",
    )  # fmt: skip
    port = _port()
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [CLI, "serve", "--port", str(port), "--no-demo", "--no-job-worker", "--threads", "4"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_limit,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, (data / "server.log").read_text("utf-8", "replace")
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        else:
            pytest.fail("the server did not start within 120 s")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


class Browser:
    """A signed-in session against the live server (cookies, CSRF token)."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/accounts/login/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        body = f"csrfmiddlewaretoken={token.group(1)}&username={username}&password={PASSWORD}"
        status, _ = self.send(
            "/accounts/login/", body.encode(), "application/x-www-form-urlencoded"
        )
        assert status in (200, 302), status
        assert self.get("/")[0] == 200

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken" and c.value)

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def send(self, path: str, body: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        request.add_header("Content-Type", content_type)
        request.add_header("X-CSRFToken", self.csrf())
        request.add_header("Referer", self.base + "/")
        return self._open(request)

    def upload(self, path: str, field: str, file: Path) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + file.read_bytes()
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.send(path, b"".join(parts), f"multipart/form-data; boundary={boundary}")

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=TIME_BOUND) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


def _timed(call: Callable[[], tuple[int, str]]) -> tuple[int, str]:
    start = time.perf_counter()
    status, body = call()
    assert time.perf_counter() - start < TIME_BOUND
    return status, body


def test_server_survives_the_probes_and_still_serves(server: str, made: dict[str, Path]) -> None:
    editor = Browser(server, "probe_editor")
    for name in ("far-XFD1048576", "far-ZZ200000"):
        status, page = _timed(partial(editor.upload, "/submissions/upload/", "file", made[name]))
        assert status == 400 and "超出工作表" in page, (name, status, page[-1500:])
    # The 780 kB input read by libyaml (the same tree as `yaml.safe_load`, 0.5 s of CPU
    # instead of 3 s in this process): what the server does with it is the probe.
    data: Any = yaml.load(made["invalid-rows"].read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    body = json.dumps({"data": data}, ensure_ascii=False).encode()
    status, answer = _timed(lambda: editor.send("/api/check/", body, "application/json"))
    assert status == 200 and json.loads(answer)["counts"]["error"] > 1000, answer[:500]
    forged: Any = yaml.safe_load(made["forged-outline"].read_text(encoding="utf-8"))
    body = json.dumps({"data": forged}, ensure_ascii=False).encode()
    status, answer = _timed(lambda: editor.send("/api/check/", body, "application/json"))
    assert status == 200 and "不能含换行符" in answer, answer[:500]
    reviewer = Browser(server, "probe_reviewer")
    for name in ("empty-paragraphs", "nested-html", "many-pages"):
        status, answer = _timed(partial(reviewer.upload, "/api/audit/", "files", made[name]))
        assert 400 <= status < 500 or json.loads(answer)["results"][0]["unreadable"], answer[:500]
    # Still alive, and still serving pages to everyone.
    assert editor.get("/")[0] == 200
    assert reviewer.get("/review/dashboard/")[0] == 200
    assert urllib.request.urlopen(server + "/public/", timeout=TIME_BOUND).status == 200
