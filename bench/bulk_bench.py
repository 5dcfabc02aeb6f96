"""A province's largest unit as one file: 2,000 projects × 10 indicators, YAML and JSON.

Run: uv run python bench/bulk_bench.py [--projects 2000]
Each of `jixiao check`, `jixiao score` (text and --json) and `jixiao export` runs on the YAML and the JSON
file in a fresh process (as a user would run it), timed end to end; the file must load
(the issue: refused after 30 s as "too large", blaming nesting). Also the reader alone
(read_data: parse and line map) in this process, to show where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.excel_bench import _submission

BIN = Path(sys.executable).parent / "jixiao"


def write_files(folder: Path, projects: int) -> tuple[Path, Path]:
    sub = _submission(projects, 10)
    data = sub.model_dump(mode="json", exclude_defaults=True)
    as_yaml, as_json = folder / "unit.yaml", folder / "unit.json"
    as_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    as_json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return as_yaml, as_json


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(args: list[str]) -> tuple[float, float, int, str]:
    """Wall-clock and CPU seconds of one `jixiao` process, its exit code, last line."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([str(BIN), *args], capture_output=True, text=True, check=False)
    tail = (done.stdout.strip().splitlines() or [""])[-1][:100]
    return time.perf_counter() - start, _children_cpu() - cpu, done.returncode, tail


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=2000)
    args = parser.parse_args()
    from jixiao.formats.source import read_data

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_files(folder, args.projects)
        for path in files:
            size = path.stat().st_size / 1e6
            start = time.perf_counter()
            result = read_data(path)
            read = time.perf_counter() - start
            start = time.perf_counter()
            line = result.lines.get("projects[1999].indicators[9].name")
            mapped = time.perf_counter() - start
            print(
                f"{path.suffix[1:]:>4}: {size:.1f} MB; read {read:.2f} s, line map {mapped:.2f} s (line {line})"
            )
            for command in (
                ["check"],
                ["score"],
                ["score", "--json"],
                ["export", "-o", str(folder / "out.xlsx")],
            ):
                seconds, cpu, code, tail = timed([*command[:1], str(path), *command[1:]])
                name = " ".join(command[:2]) if command[0] == "score" else command[0]
                print(
                    f"      jixiao {name:<12} {seconds:6.2f} s wall {cpu:6.2f} s CPU  exit {code}  {tail}"
                )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
