"""Excel import benchmark: 2,000 projects and 20,000 indicator rows, calamine vs openpyxl.

Usage: uv run python bench/excel_bench.py [--projects 2000] [--per-project 10]

The workbook is written once by the exporter; each reader then imports it (read, model
validation and all checks) in a fresh process, so peak RSS is that process's own high
water mark (calamine allocates outside Python, which tracemalloc would not see).
Target for the chosen path (calamine): at most 2 s and 300 MB. Export of the same
submission: at most 5 s (was 53–59 s with per-cell style objects, 12 s CPU with named
styles; now table rows are written straight into the sheet XML, see formats/excel/bulk.py).
Each figure is printed beside its target and the previous measurement, with CPU seconds
next to wall seconds: the machine is shared, and wall time there says more about the
neighbours than about this code.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.core.model import Submission


PREVIOUS = {
    "export": "10.3 s CPU on this machine with a cell object per value (12.2 s CPU and "
    "13.3–23.1 s wall at load 1.5–2.1 counting the model's construction; 6.25 s CPU on an "
    "earlier machine; before named styles 53–59 s); 绩效指标 XML 25.9 MB",
    "calamine": "2.59 s CPU, 2.77 s wall at load 1.5, 105 MB (inline-string workbook)",
    "openpyxl": "18.8 s wall on a loaded machine, 244 MB",
}
TARGETS = {"export": "≤ 5 s", "calamine": "≤ 2 s, ≤ 300 MB", "openpyxl": "fallback, no target"}


def _submission(projects: int, per_project: int) -> Submission:
    from jixiao.core.model import Submission

    def indicator(p: int, i: int) -> dict[str, object]:
        return {
            "level1": "产出指标",
            "level2": "数量指标",
            "name": f"指标{p}-{i}",
            "unit": "件",
            "target": {"comparator": ">=", "value": "100"},
            "actual": "98",
            "weight": "5",
            "stated_score": "4.9",
            "deviation_reason": "受疫情影响，部分培训延期。",
        }

    data = {
        "fiscal_year": 2023,
        "unit": {"name": "基准测试局"},
        "finance": {"expenditure": {"total": "100000", "basic": {"total": "60000"}}},
        "projects": [
            {
                "name": f"项目{p}",
                "code": f"P{p:05d}",
                "budget": {"initial": "50.00", "full_year": "52.50", "executed": "51.25"},
                "funding": [{"source": "当年财政拨款", "full_year": "52.50", "executed": "51.25"}],
                "goal": "完成年度工作任务。",
                "indicators": [indicator(p, i) for i in range(per_project)],
            }
            for p in range(projects)
        ],
    }
    return Submission.model_validate(data)


def timed_export(projects: int, per_project: int, path: Path) -> str:
    """Export the bench submission to `path`: wall and CPU seconds, file and largest entry.

    The model is built before the clock starts; the largest entry is what the importer's
    safety scan measures against its 256 MiB limit per entry.
    """
    from jixiao.formats.excel import export_submission
    from jixiao.formats.excel.safety import MAX_ENTRY_BYTES
    from jixiao.rules.profiles import load_options

    submission = _submission(projects, per_project)
    start, cpu = time.perf_counter(), time.process_time()
    export_submission(submission, path, load_options().economic_classes)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    with zipfile.ZipFile(path) as archive:
        entry = max(archive.infolist(), key=lambda i: i.file_size)
    return (
        f"{wall:.2f} s wall, {cpu:.2f} s CPU, {path.stat().st_size / 1e6:.1f} MB file, largest "
        f"entry {entry.filename} {entry.file_size / 2**20:.1f} MiB (importer limit "
        f"{MAX_ENTRY_BYTES / 2**20:.0f} MiB)"
    )


def _peak_mb() -> float:
    """VmHWM of this process; ru_maxrss would include the parent's peak across fork/exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(backend: str, path: Path) -> None:
    """Child process: import once, print seconds and peak RSS in MB."""
    from jixiao.core.checks import run_checks
    from jixiao.formats.excel import import_workbook
    from jixiao.rules.profiles import load_options

    options = load_options()
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    imported = import_workbook(path, backend=backend)
    if imported.submission is not None:
        imported.problems += [imported.locate(p) for p in run_checks(imported.submission, options)]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = _peak_mb()
    assert imported.submission is not None
    indicators = sum(len(p.indicators) for p in imported.submission.projects)
    projects = len(imported.submission.projects)
    print(f"{seconds:.2f} {cpu:.2f} {peak:.0f} {before:.0f} {projects} {indicators}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--per-project", type=int, default=10)
    parser.add_argument("--run", nargs=2, metavar=("BACKEND", "FILE"))
    args = parser.parse_args()
    if args.run:
        _run(args.run[0], Path(args.run[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        figures = timed_export(args.projects, args.per_project, path)
        print(
            f"export: {figures} (target {TARGETS['export']}; previous {PREVIOUS['export']}); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        for backend in ("calamine", "openpyxl"):
            out = subprocess.run(
                [sys.executable, __file__, "--run", backend, str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            seconds, cpu_s, peak, base, projects, indicators = out
            print(
                f"import {backend:9}: {seconds} s wall, {cpu_s} s CPU, peak RSS {peak} MB "
                f"(after imports {base} MB); {projects} projects, {indicators} indicators "
                f"(target {TARGETS[backend]}; previous {PREVIOUS[backend]})"
            )


if __name__ == "__main__":
    main()
