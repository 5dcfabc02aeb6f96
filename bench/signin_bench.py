"""Server memory while eight people sign in at the same moment (argon2 parameters).

Run: uv run python bench/signin_bench.py [--clients 8] [--rounds 3]
Target (issue 16): memory under concurrent sign-ins bounded; previous: eight sign-ins at
once took the server from 200 MB to 920 MB with Django's default argon2 (100 MiB each).

Starts `jixiao serve` (one waitress process, 8 threads, SQLite in a temporary folder),
creates users whose stored hashes use jixiao's parameters (19 MiB, t=2, p=1) and users
whose hashes were made with Django's default argon2 parameters (as stored before the
change: verifying one costs its own parameters). Each round, `--clients` browsers sign in
through the real login page at once (a barrier releases them together) while a sampler
reads the server's resident memory from /proc every 2 ms. Each parameter set gets a fresh
server; printed: resident memory after one sign-in, the peak over the rounds, and the
sign-in time (wall clock: it grows with the machine's load, printed at the end).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.web_bench import BIN, database, server
from bench.web_load import Browser

PASSWORD = "sign-in-bench-pass-1"
MAKE_USERS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
old = Argon2PasswordHasher()  # Django's defaults: memory_cost 102400 KiB, parallelism 8
User = get_user_model()
for i in range({count}):
    User.objects.create(username=f"now{{i}}", password=make_password("{password}"))
    User.objects.create(username=f"old{{i}}", password=old.encode("{password}", old.salt()))
print(User.objects.get(username="now0").password.split("$")[3], "/",
      User.objects.get(username="old0").password.split("$")[3])
"""


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (VmRSS from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def round_of(port: int, pid: int, users: list[str]) -> tuple[float, float, list[float]]:
    """All users sign in at once: (RSS before, peak RSS during, seconds per sign-in)."""
    browsers = [Browser("127.0.0.1", port) for _ in users]
    for browser in browsers:  # the login page first, so only the POSTs run together
        browser.get("/accounts/login/")
    before = rss_mb(pid)
    peak = before
    done = threading.Event()
    gate = threading.Barrier(len(users))
    times: list[float] = []
    errors: list[str] = []

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mb(pid))
            time.sleep(0.002)

    def sign_in(browser: Browser, name: str) -> None:
        gate.wait()
        start = time.perf_counter()
        try:
            browser.login(name, PASSWORD)
        except RuntimeError as exc:
            errors.append(str(exc))
        times.append(time.perf_counter() - start)

    sampler = threading.Thread(target=sample)
    sampler.start()
    clients = [
        threading.Thread(target=sign_in, args=pair) for pair in zip(browsers, users, strict=True)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    done.set()
    sampler.join()
    for browser in browsers:
        browser.close()
    if errors:
        raise RuntimeError("; ".join(errors))
    return before, peak, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with database(None) as (_, env):
        env.pop("JIXIAO_LOG_FORMAT", None)
        manage = [str(BIN / "jixiao"), "manage"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        script = MAKE_USERS.format(count=args.clients * args.rounds + 1, password=PASSWORD)
        made = subprocess.run(
            [*manage, "shell", "-c", script], env=env, check=True, capture_output=True, text=True
        )
        print(f"argon2 parameters (now / old): {made.stdout.strip()}")
        for label, prefix in (("jixiao (19 MiB, t=2, p=1)", "now"), ("Django default", "old")):
            with server(env, threads=8) as (port, _log, pid):  # a fresh one for each set
                warm = Browser("127.0.0.1", port)
                warm.login(f"{prefix}0", PASSWORD)  # imports, templates, first connection
                warm.close()
                started = rss_mb(pid)
                peaks, times = [], []
                for r in range(args.rounds):
                    users = [f"{prefix}{1 + r * args.clients + i}" for i in range(args.clients)]
                    _, peak, took = round_of(port, pid, users)
                    peaks.append(peak)
                    times += took
                print(
                    f"{args.clients} sign-ins at once, {label}: {started:.0f} MB resident after "
                    f"one sign-in → peak {max(peaks):.0f} MB over {args.rounds} rounds "
                    f"(+{max(peaks) - started:.0f} MB); sign-in p50 "
                    f"{statistics.median(times):.2f} s, max {max(times):.2f} s"
                )
    print(
        f"previous: 200 → 920 MB with Django's default for 8 sign-ins; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
