"""CPU time of the whole test suite, here and in a base worktree, one after the other.

Run: .venv/bin/python -m bench.suite_bench [--base DIR] [--rounds N] [--target 0.75]
Target (issue 12): the full suite at most 75 % of the CPU time of commit 3a8ef16
(`git worktree add /work/wt-base 3a8ef16`, `uv sync` there, then `--base /work/wt-base`).

Why CPU time (user + system of pytest, its xdist workers and every process they waited
for: servers, CLI runs, LibreOffice, Chromium): the machine is shared, and wall time
doubles when another job runs while CPU time barely moves. Both suites run in the same
window, one after the other (never at once: they share the Redis test database), each
as `pytest -n 2` on SQLite with `JIXIAO_TEST_REDIS_URL` as the caller set it.

Why rounds in alternating order (base then here, here then base, …) and a pooled ratio:
a shared machine's speed drifts (the same base suite took 228 s, 199 s and 187 s of CPU
within one morning), and a pair run in one order charges the drift within it to one side.
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


def _machine_busy() -> float:
    """Busy CPU seconds of the whole machine since boot (/proc/stat): unlike the waited-for
    children's time it also counts the processes pytest never reaps itself (Chromium's
    renderers and GPU process, the live servers' helpers), and everything else running, so it
    is only meaningful on a quiet machine. 0.0 where /proc/stat is missing."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    ticks = [int(value) for value in fields]
    busy = sum(ticks) - ticks[3] - (ticks[4] if len(ticks) > 4 else 0)  # minus idle, iowait
    return busy / os.sysconf("SC_CLK_TCK")


def run_suite(tree: Path) -> tuple[float, float, float, str]:
    """CPU seconds of the process tree, wall seconds, the machine's busy CPU seconds and
    pytest's last line for the suite of `tree`."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [
        str(tree / ".venv" / "bin" / "pytest"),
        "-n",
        "2",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rfE",
    ]
    cpu, busy, start = _children_cpu(), _machine_busy(), time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, check=False)
    wall, used = time.perf_counter() - start, _children_cpu() - cpu
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    last = lines[-1] if lines else f"exit {done.returncode}"
    return used, wall, _machine_busy() - busy, "\n  ".join([last, *failed])


def load() -> str:
    """The 1- and 15-minute load averages: how busy the shared machine was (CPU time moves
    little with it, wall time a lot)."""
    one, _five, fifteen = os.getloadavg()
    return f"load {one:.1f} / {fifteen:.1f} (1 / 15 min) on {os.cpu_count()} cores"


def _show(name: str, tree: Path, ran: tuple[float, float, float, str], target: str = "") -> None:
    cpu, wall, busy, last = ran
    print(
        f"{name} {tree}: {cpu:.0f} s CPU{target}, {wall:.0f} s wall, machine busy {busy:.0f} s — {last}",
        flush=True,
    )
    print(load(), flush=True)


def _ratios(label: str, here: list[float], base: list[float], target: float | None) -> str:
    """`label`: sum here / sum base, and each round's own ratio."""
    each = ", ".join(f"{h / b:.0%}" for h, b in zip(here, base, strict=True))
    goal = f" (target ≤ {target:.0%})" if target is not None else ""
    return f"{label} here / base: {sum(here) / sum(base):.0%}{goal}; by round {each}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="worktree of the commit to compare with")
    parser.add_argument("--rounds", type=int, default=1, help="pairs to run, order alternating")
    parser.add_argument("--target", type=float, default=0.75, help="allowed share of the base")
    args = parser.parse_args()
    print(load(), flush=True)
    if args.base is None:
        _show("here ", ROOT, run_suite(ROOT))
        return
    here: list[tuple[float, float, float, str]] = []
    base: list[tuple[float, float, float, str]] = []
    for round_ in range(args.rounds):
        order = [("base ", args.base, base), ("here ", ROOT, here)]
        for name, tree, runs in order if round_ % 2 == 0 else order[::-1]:
            runs.append(run_suite(tree))
            target = f" (target ≤ {args.target * base[-1][0]:.0f} s)" if runs is here else ""
            _show(name, tree, runs[-1], target if len(base) == len(here) else "")
    print(_ratios("CPU time", [r[0] for r in here], [r[0] for r in base], args.target))
    print(_ratios("wall time", [r[1] for r in here], [r[1] for r in base], None))
    print(_ratios("machine busy", [r[2] for r in here], [r[2] for r in base], None))


if __name__ == "__main__":
    main()
