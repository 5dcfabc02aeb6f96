"""Web benchmark on loopback: dashboard, saves and a mixed load, on SQLite and PostgreSQL.

Run:  .venv/bin/python -m bench.web_bench           # SQLite (a fresh file in a temp dir)
      .venv/bin/python -m bench.web_bench --both    # SQLite, then PostgreSQL
      .venv/bin/python -m bench.web_bench --database-url postgres://postgres@127.0.0.1:5432/test
      .venv/bin/python -m bench.web_bench --database-url postgres://… \
          --server-workers 1,2,4 --queue-url redis://127.0.0.1:6379/5 --pdf-clients 100

For each database: seed 5,000 submissions of one region and year (`web_seed.py`, in its own
process), start the real server (`jixiao serve --no-demo`) as a subprocess, then measure
  (a) the reviewer's dashboard: p50/p95/p99 over ≥200 sequential GETs   (target p95 ≤ 300 ms)
  (b) saves through the edit form, 20 clients, each its own submission, 30 s
                                                                        (target p95 ≤ 150 ms)
      and the same with all 20 on one submission (conflicts expected and counted)
  (c) 50 clients mixing dashboard, detail pages, saves and public pages for 60 s
                                                                        (target 0 errors)
With --server-workers 1,2,4 the same runs are made for each number of app processes
(`jixiao serve --workers N`, gunicorn), with the per-save server time read from the
server's JSON log and, with --saturation, saves at 1…20 clients to find where throughput
stops growing. With --pdf-clients 100:
  (d) 100 reviewers click a PDF report at once; job workers (`jixiao worker`, Redis with
      --queue-url) make the PDFs              (target: no request over 1 s, every PDF made)
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
def database(url: str | None, name: str = BENCH_DB) -> Iterator[tuple[str, dict[str, str]]]:
    """A fresh, empty database for one run, and the environment pointing at it."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    env = {**os.environ, "JIXIAO_DATA_DIR": str(folder), "JIXIAO_LOG_FORMAT": "json"}
    try:
        if url is None:
            env.pop("DATABASE_URL", None)
            yield "SQLite", env
            return
        pg_admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        pg_admin(url, f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        try:
            yield "PostgreSQL", env
        finally:
            pg_admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
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
def server(env: dict[str, str], threads: int, workers: int = 0) -> Iterator[tuple[int, Path, int]]:
    """`jixiao serve` on a free port: (port, its log kept to scan for tracebacks, its pid).

    `workers` 0: the embedded default (one waitress process); N: `--workers N` (gunicorn).
    """
    port = free_port()
    log = Path(env["JIXIAO_DATA_DIR"]) / f"server-{workers}.log"
    command = [str(BIN / "jixiao"), "serve", "--no-demo", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--threads", str(threads), "--no-job-worker"]
    command += ["--workers", str(workers)] if workers else []
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
        yield port, log, proc.pid
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


@contextlib.contextmanager
def job_workers(env: dict[str, str], count: int) -> Iterator[None]:
    """`count` `jixiao worker` processes (one thread and one warm LibreOffice each)."""
    folder = Path(env["JIXIAO_DATA_DIR"])
    procs = []
    for n in range(count):
        with (folder / f"worker-{n}.log").open("w") as out:
            command = [str(BIN / "jixiao"), "worker", "--threads", "1"]
            procs.append(subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT))
    try:
        time.sleep(15)  # the warm converters start (unoserver waits 5 s, LibreOffice loads)
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def save_server_ms(log: Path) -> str:
    """Median and p95 of the server's own time per save, from its JSON request log."""
    times, cpu = [], []
    for line in log.read_text(errors="replace").splitlines():
        if '"POST /submissions/' not in line or "/edit/" not in line:
            continue
        with contextlib.suppress(ValueError, KeyError):
            record = json.loads(line)
            times.append(float(record["ms"]))
            cpu.append(float(record.get("cpu_ms", "nan")))
    if not times:
        return "no save lines in the server log"
    times.sort()
    cpu.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)))]
    return (
        f"server time per save: median {times[len(times) // 2]:.1f} ms, p95 {p95:.1f} ms wall; "
        f"median {cpu[len(cpu) // 2]:.1f} ms CPU of the serving thread (n={len(times)})"
    )


def run(name: str, env: dict[str, str], args: argparse.Namespace) -> list[str]:
    print(f"== {name}")
    described = seed(env, args.units)
    described["public_pages"] = public_pages(described)
    lines: list[str] = []
    for workers in [] if args.only_pdf else args.server_workers:
        lines += run_server(name, env, args, described, workers)
    if args.pdf_clients:
        lines += run_pdf(env, args, described, max(args.server_workers))
    for line in lines:
        print(line)
    return lines


def run_pdf(
    env: dict[str, str], args: argparse.Namespace, described: dict[str, Any], workers: int
) -> list[str]:
    lines = [
        f"(d) {args.pdf_clients} PDF downloads at once: app processes={workers or 1}, "
        f"job workers={args.job_workers}, queue={env.get('JIXIAO_QUEUE_URL') or 'embedded SQLite'}"
    ]
    with (
        server(env, args.threads, workers) as (port, _log, _pid),
        job_workers(env, args.job_workers),
    ):
        start = time.perf_counter()
        tallies, outcome = web_scenarios.pdf_downloads(
            "127.0.0.1", port, described, args.pdf_clients, args.pdf_timeout
        )
        elapsed = time.perf_counter() - start
        lines += [row(k, v) for k, v in tallies.items()]
        slowest = max(
            (max(t.seconds, default=0.0) for k, t in tallies.items() if k != "ready"), default=0.0
        )
        lines.append(
            f"  slowest request {slowest * 1000:.0f} ms (target ≤ 1000); outcome {outcome}; "
            f"all done in {elapsed:.0f} s"
        )
    return lines


def run_server(
    name: str,
    env: dict[str, str],
    args: argparse.Namespace,
    described: dict[str, Any],
    workers: int,
) -> list[str]:
    kind = f"{workers} processes (gunicorn)" if workers else "1 process (waitress, the default)"
    lines = [
        f"{name} ({described['submissions']} submissions), app server: {kind}, "
        f"threads={args.threads}, load average before {os.getloadavg()[0]:.1f}"
    ]
    with server(env, args.threads, workers) as (port, log, _pid):
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
        if args.saturation:
            for clients in (1, 2, 4, 8, 12, 16, 20):
                results = web_scenarios.saves(
                    "127.0.0.1", port, described, clients, args.saturation, same=False
                )
                lines.append(
                    row(f"saturation: save, {clients} clients", results["save"], args.saturation)
                )
        text = log.read_text(errors="replace")
        lines.append("  " + save_server_ms(log))
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
    parser.add_argument(
        "--bench-db", default=BENCH_DB, help="PostgreSQL database to create and drop"
    )
    parser.add_argument("--requests", type=int, default=300, help="dashboard GETs")
    parser.add_argument("--save-seconds", type=float, default=30)
    parser.add_argument("--mixed-seconds", type=float, default=60)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds between saves in the paced save run"
    )
    parser.add_argument("--threads", type=int, default=8, help="threads per app process")
    parser.add_argument(
        "--server-workers",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[0],
        help="app processes to measure, e.g. 1,2,4 (0: the embedded single-process server)",
    )
    parser.add_argument(
        "--saturation", type=float, default=0, help="seconds per step of 1…20 saving clients"
    )
    parser.add_argument(
        "--pdf-clients", type=int, default=0, help="(d): reviewers asking for a PDF at once"
    )
    parser.add_argument("--pdf-timeout", type=float, default=600)
    parser.add_argument("--only-pdf", action="store_true", help="run (d) only")
    parser.add_argument(
        "--job-workers", type=int, default=2, help="`jixiao worker` processes for (d)"
    )
    parser.add_argument(
        "--queue-url", default="", help="redis://… for the job queue (else embedded)"
    )
    args = parser.parse_args()
    pg = args.database_url or "postgres://postgres@127.0.0.1:5432/test"
    runs: list[str | None] = [None, pg] if args.both else [args.database_url]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    report: list[str] = []
    for url in runs:
        with database(url, args.bench_db) as (name, env):
            if args.queue_url:
                env["JIXIAO_QUEUE_URL"] = args.queue_url
                env["JIXIAO_QUEUE_NAME"] = f"jixiaobench{os.getpid()}"
            report += run(name, env, args)
    print("\n".join(["", "== summary", *report]))


if __name__ == "__main__":
    main()
