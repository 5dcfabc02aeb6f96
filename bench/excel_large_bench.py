"""Large honest workbook: 200,000 indicator rows imported by `jixiao import`, end to end.

Usage: uv run python bench/excel_large_bench.py [--projects 20000] [--per-project 10] [--keep F]

Why: the hostile-input bounds (formats/excel/safety.py) must not turn away, or choke on,
the largest honest workbook — a whole province's projects in one file. The workbook is
written once by the exporter (bench/excel_bench.py's submission); `jixiao import` then
runs in a child process, whose own peak RSS is read from wait4 (ru_maxrss of that child
only). Targets: at most 10 s and 500 MB. Figures on a shared, loaded machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TARGET_SECONDS = 10.0
TARGET_MB = 500.0


def _write(path: Path, projects: int, per_project: int) -> None:
    from excel_bench import _submission  # type: ignore[import-not-found]

    from jixiao.formats.excel import export_submission
    from jixiao.rules.profiles import load_options

    export_submission(_submission(projects, per_project), path, load_options().economic_classes)


def _measure(path: Path) -> tuple[float, float, int]:
    """Seconds, peak MB and exit code of `jixiao import FILE` in a child process."""
    cli = Path(sys.executable).with_name("jixiao")
    start = time.perf_counter()
    child = subprocess.Popen(
        [str(cli), "import", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--per-project", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="write (or reuse) the workbook here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "large.xlsx"
        if not path.exists():
            _write(path, args.projects, args.per_project)
        seconds, peak, code = _measure(path)
        rows = args.projects * args.per_project
        print(
            f"jixiao import, {rows} indicator rows, {path.stat().st_size / 1e6:.1f} MB file: "
            f"{seconds:.1f} s (target ≤ {TARGET_SECONDS:.0f} s), peak RSS {peak:.0f} MB "
            f"(target ≤ {TARGET_MB:.0f} MB), exit {code}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )


if __name__ == "__main__":
    main()
