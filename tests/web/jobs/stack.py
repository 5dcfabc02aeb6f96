"""The production stack as subprocesses: gunicorn app servers, job workers, Redis, the DB.

Used by `test_production.py` (and shaped like bench/web_bench.py): the processes get the
test database's URL (PostgreSQL in the second pass of scripts/test.sh, the SQLite file in
the first), a Redis queue of their own name, and a data folder of their own. Redis is
required: an unreachable server fails the test, loudly, as PostgreSQL does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import redis
from django.db import connection

if TYPE_CHECKING:
    from collections.abc import Iterator

REDIS_URL = os.environ.get("JIXIAO_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
BIN = Path(sys.executable).parent


def database_url() -> str:
    """The URL of the database the test runs on (as pytest-django set it up)."""
    cfg = connection.settings_dict
    if cfg["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{cfg['NAME']}"
    auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "")
    return f"postgres://{auth}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Stack:
    """Running processes and the environment they share."""

    env: dict[str, str]
    folder: Path
    port: int = 0
    server: subprocess.Popen[bytes] | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_server(self, processes: int = 2) -> None:
        self.port = free_port()
        command = [str(BIN / "jixiao"), "serve", "--workers", str(processes), "--threads", "4"]
        command += ["--no-job-worker", "--no-demo", "--port", str(self.port)]
        self.server = self._spawn(command, "server.log")
        deadline = time.monotonic() + 60
        while True:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                return
            if self.server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.log("server.log"))
            time.sleep(0.2)

    def start_worker(self, *, warm: bool = False) -> subprocess.Popen[bytes]:
        command = [str(BIN / "jixiao"), "worker", "--threads", "2"]
        command += [] if warm else ["--no-warm"]
        worker = self._spawn(command, f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no clean-up at all, as a crash or the OOM killer would."""
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def log(self, name: str) -> str:
        path = self.folder / name
        return path.read_text(errors="replace") if path.exists() else ""

    def _spawn(self, command: list[str], log: str) -> subprocess.Popen[bytes]:
        with (self.folder / log).open("ab") as out:
            return subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        for process in [*self.workers, *([self.server] if self.server else [])]:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()


@contextlib.contextmanager
def stack(folder: Path) -> Iterator[Stack]:
    """Environment for subprocesses on the test database and a fresh Redis queue."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise RuntimeError(
            f"Redis unreachable at {REDIS_URL} ({exc}); the production path must be tested on it."
        ) from None
    name = f"jixiaotest{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.dev",
        "DATABASE_URL": database_url(),
        "JIXIAO_DATA_DIR": str(folder),
        "JIXIAO_SECRET_KEY": "production-path-test",
        "JIXIAO_QUEUE_URL": REDIS_URL,
        "JIXIAO_QUEUE_NAME": name,
        "JIXIAO_JOB_LEASE_SECONDS": "6",
        "JIXIAO_LOG_FORMAT": "json",
    }
    running = Stack(env, folder)
    try:
        yield running
    finally:
        running.stop()
        for key in client.scan_iter(match=f"huey.*.{name}"):
            client.delete(key)
