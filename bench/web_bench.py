"""Web benchmark on loopback: dashboard, saves and a mixed load, on SQLite and PostgreSQL.

Run:  .venv/bin/python -m bench.web_bench           # SQLite (a fresh file in a temp dir)
      .venv/bin/python -m bench.web_bench --both    # SQLite, then PostgreSQL
      .venv/bin/python -m bench.web_bench --database-url postgres://postgres@127.0.0.1:5432/test

For each database: seed 5,000 submissions of one region and year (`web_seed.py`, in its own
process), start the real server (`jixiao serve --no-demo`) as a subprocess, then measure
  (a) the reviewer's dashboard: p50/p95/p99 over ≥200 sequential GETs   (target p95 ≤ 300 ms)
  (b) saves through the edit form, 20 clients, each its own submission, 30 s
                                                                        (target p95 ≤ 150 ms)
      and the same with all 20 on one submission (conflicts expected and counted)
  (c) 50 clients mixing dashboard, detail pages, saves and public pages for 60 s
                                                                        (target 0 errors)
PostgreSQL runs use a database of their own (`jixiao_bench`, created and dropped on the
server the URL names), never the one in the URL. Figures and the machine are in
docs/web-performance.md. Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench import web_scenarios

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bench.web_load import Tally

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BENCH_DB = "jixiao_bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_admin(url: str, sql: str) -> None:
    """Run one statement outside a transaction on the server `url` names (CREATE/DROP DATABASE)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname=cfg["NAME"],
        autocommit=True,
    ) as conn:
        conn.execute(sql.encode())


@contextlib.contextmanager
def database(url: str | None) -> Iterator[tuple[str, dict[str, str]]]:
    """A fresh, empty database for one run, and the environment pointing at it."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    env = {**os.environ, "JIXIAO_DATA_DIR": str(folder)}
    try:
        if url is None:
            env.pop("DATABASE_URL", None)
            yield "SQLite", env
            return
        pg_admin(url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        pg_admin(url, f"CREATE DATABASE {BENCH_DB}")
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + BENCH_DB
        try:
            yield "PostgreSQL", env
        finally:
            pg_admin(url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def seed(env: dict[str, str], units: int) -> dict[str, Any]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "bench.web_seed", str(units)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    described: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  seeded {described['submissions']} submissions in {time.perf_counter() - start:.1f} s")
    return described


@contextlib.contextmanager
def server(env: dict[str, str], threads: int) -> Iterator[tuple[int, Path]]:
    """`jixiao serve` on a free port; its log is kept to scan for tracebacks afterwards."""
    port = free_port()
    log = Path(env["JIXIAO_DATA_DIR"]) / "server.log"
    command = [str(BIN / "jixiao"), "serve", "--no-demo", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--threads", str(threads)]
    with log.open("w") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield port, log
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def row(label: str, tally: Tally, seconds: float | None = None) -> str:
    rate = f"{len(tally.seconds) / seconds:7.1f}/s" if seconds else " " * 9
    return (
        f"  {label:<32} n={len(tally.seconds):<6} p50={tally.percentile(50):7.1f} "
        f"p95={tally.percentile(95):7.1f} p99={tally.percentile(99):7.1f} ms {rate} "
        f"errors={tally.errors} statuses={dict(sorted(tally.statuses.items()))}"
    )


def run(name: str, env: dict[str, str], args: argparse.Namespace) -> list[str]:
    print(f"== {name}")
    described = seed(env, args.units)
    lines = [f"{name} ({described['submissions']} submissions, server threads={args.threads})"]
    with server(env, args.threads) as (port, log):
        described["public_pages"] = public_pages(described)
        results = web_scenarios.dashboard("127.0.0.1", port, described, args.requests)
        lines += [row(k, v) for k, v in results.items()]
        for same, think in ((False, 0.0), (False, args.think), (True, 0.0)):
            label = "same submission" if same else "own submission"
            label += f", think {think:g} s" if think else ""
            results = web_scenarios.saves(
                "127.0.0.1", port, described, 20, args.save_seconds, same=same, think=think
            )
            lines += [
                row(f"{k}, 20 clients, {label}", v, args.save_seconds)
                for k, v in results.items()
                if v.seconds
            ]
        results = web_scenarios.mixed("127.0.0.1", port, described, 50, args.mixed_seconds)
        total = sum(t.errors for t in results.values())
        lines += [row(f"mixed 50 clients: {k}", v, args.mixed_seconds) for k, v in results.items()]
        lines.append(
            f"  mixed 50 clients, {args.mixed_seconds:.0f} s: errors (5xx, connection, timeout) = {total}"
        )
        text = log.read_text(errors="replace")
        lines.append(
            f"  server log: {text.count('Traceback')} tracebacks, "
            f"{text.count('database is locked')} 'database is locked'"
        )
    for line in lines:
        print(line)
    return lines


def public_pages(described: dict[str, Any]) -> list[str]:
    """Public pages to browse: the region/year listing if the publishing app offers one."""
    listing = f"/public/{described['region_code']}/{described['year']}/"
    return [listing, listing + "open-data.json"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL server to use (a separate database is created)"
    )
    parser.add_argument("--both", action="store_true", help="SQLite, then PostgreSQL")
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300, help="dashboard GETs")
    parser.add_argument("--save-seconds", type=float, default=30)
    parser.add_argument("--mixed-seconds", type=float, default=60)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds between saves in the paced save run"
    )
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = parser.parse_args()
    pg = args.database_url or "postgres://postgres@127.0.0.1:5432/test"
    runs: list[str | None] = [None, pg] if args.both else [args.database_url]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    report: list[str] = []
    for url in runs:
        with database(url) as (name, env):
            report += run(name, env, args)
    print("\n".join(["", "== summary", *report]))


if __name__ == "__main__":
    main()
