"""`jixiao serve` stops the job worker it started, however the server is stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The server's stand-in: the real context manager around a wait, with a sleeping child in
# place of `jixiao worker` (same Popen and stop path, without starting Django twice).
# Ctrl+C is given the handler Python installs in a terminal: a test run started in the
# background by a non-interactive shell (nohup, `&`, some CI runners) ignores SIGINT, every
# child inherits that, and Python then leaves SIGINT ignored, so the server never stopped.
_SERVER = """
import signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
from jixiao.cli.servers import embedded_worker
with embedded_worker(True, command=[sys.executable, "-c", "import time; time.sleep(120)"]):
    print("ready", flush=True)
    time.sleep(120)
"""


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"  # exited, waiting for its (dead) parent's reaper


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_server_stops_its_worker(stop: signal.Signals) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER], stdout=subprocess.PIPE, text=True, env=os.environ
    )
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        [worker] = _children(server.pid)
        server.send_signal(stop)
        server.wait(timeout=30)
        deadline = time.monotonic() + 30
        while not _gone(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(worker), "the job worker outlived the server"
    finally:
        server.kill()
        server.wait()
