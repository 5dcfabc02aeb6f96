"""CPU time of the whole test suite, here and in a base worktree, one after the other.

Run: .venv/bin/python -m bench.suite_bench [--base DIR] [--target 0.75]
Target (issue 12): the full suite at most 75 % of the CPU time of commit 3a8ef16
(`git worktree add /work/wt-base 3a8ef16`, `uv sync` there, then `--base /work/wt-base`).

Why CPU time (user + system of pytest, its xdist workers and every process they waited
for: servers, CLI runs, LibreOffice, Chromium): the machine is shared, and wall time
doubles when another job runs while CPU time barely moves. Both suites run in the same
window, one after the other (never at once: they share the Redis test database), each
as `pytest -n 2` on SQLite with `JIXIAO_TEST_REDIS_URL` as the caller set it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_suite(tree: Path) -> tuple[float, float, str]:
    """CPU seconds, wall seconds and pytest's last line for the suite of `tree`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [str(tree / ".venv" / "bin" / "pytest"), "-n", "2", "-p", "no:cacheprovider", "-q"]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    wall, used = time.perf_counter() - start, _children_cpu() - cpu
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return used, wall, lines[-1] if lines else f"exit {done.returncode}"


def load() -> str:
    """The 1- and 15-minute load averages: how busy the shared machine was (CPU time moves
    little with it, wall time a lot)."""
    one, _five, fifteen = os.getloadavg()
    return f"load {one:.1f} / {fifteen:.1f} (1 / 15 min) on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="worktree of the commit to compare with")
    parser.add_argument("--target", type=float, default=0.75, help="allowed share of the base")
    args = parser.parse_args()
    print(load(), flush=True)
    base_cpu = None
    if args.base is not None:
        base_cpu, wall, last = run_suite(args.base)
        print(f"base  {args.base}: {base_cpu:.0f} s CPU, {wall:.0f} s wall — {last}", flush=True)
        print(load(), flush=True)
    cpu, wall, last = run_suite(ROOT)
    target = f" (target ≤ {args.target * base_cpu:.0f} s)" if base_cpu else ""
    print(f"here  {ROOT}: {cpu:.0f} s CPU{target}, {wall:.0f} s wall — {last}")
    print(load())
    if base_cpu:
        print(f"CPU time here / base: {cpu / base_cpu:.0%} (target ≤ {args.target:.0%})")


if __name__ == "__main__":
    main()
