"""Cold start of the command line: `jixiao --help` and `jixiao check` on the example.

Run: uv run python bench/startup_bench.py [RUNS]
Target: `jixiao check examples/xiangjiang-justice-2023.yaml` ≤ 0.6 s from a fresh install.
Each run is a new process (as a user typing the command), median of RUNS (default 7),
wall time and CPU time (user + system, which the other cores' load does not inflate).
It also says whether the installed packages and jixiao's own modules have bytecode:
with PYTHONDONTWRITEBYTECODE set (as on these machines and many containers), modules
without it are compiled again on every start (issue: 0.84 s --help, 1.26 s check).
`check` imports neither python-docx, openpyxl nor the auditor (tests/cli/test_startup_imports.py):
`jixiao.pipeline` imports its names on first use and the Submission models build their
validators when first used (pydantic `defer_build`).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JIXIAO = Path(sys.executable).parent / "jixiao"
EXAMPLE = ROOT / "examples" / "xiangjiang-justice-2023.yaml"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `jixiao args` over `runs` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = _cpu(), time.perf_counter()
        subprocess.run([str(JIXIAO), *args], capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def compiled(folder: Path) -> str:
    sources = sum(1 for _ in folder.rglob("*.py"))
    caches = sum(1 for _ in folder.rglob("*.pyc"))
    return f"{caches}/{sources} modules have bytecode"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    site = Path(sysconfig.get_paths()["purelib"])
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    print(f"installed packages: {compiled(site)}; jixiao: {compiled(ROOT / 'src' / 'jixiao')}")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for label, args, target in (
        ("jixiao --help", ["--help"], " (previous: 0.47 s CPU)"),
        (
            "jixiao check example",
            ["check", str(EXAMPLE)],
            " (target ≤ 0.6 s; previous: 0.76 s CPU compiled, before the lazy pipeline "
            "façade; issue: 1.26 s)",
        ),
    ):
        wall, cpu = measure(args, runs)
        print(f"{label:<22} median {wall:.2f} s wall, {cpu:.2f} s CPU{target}")


if __name__ == "__main__":
    main()
