"""Audit throughput on one core over the dev corpus (text and generated .docx) and CLI cold start.

Run: uv run python bench/audit_bench.py [CORPUS_DIR]
Targets: ≥ 50 reports/s for text, ≥ 10 reports/s for docx, cold start ≤ 0.6 s.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.workspace import SHARED

from jixiao.audit import audit_path

CORPUS = SHARED / "corpus" / "dev"


def rate(paths: list[Path], rounds: int) -> float:
    audit_path(paths[0])  # warm the imports
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            audit_path(path)
    return rounds * len(paths) / (time.perf_counter() - started)


def make_docx(texts: list[Path], target: Path) -> list[Path]:
    import docx

    out = []
    for path in texts:
        document = docx.Document()
        for line in path.read_text(encoding="utf-8").split("\n"):
            document.add_paragraph(line)
        dest = target / f"{path.stem}.docx"
        document.save(str(dest))
        out.append(dest)
    return out


def cold_start(sample: Path) -> float:
    exe = shutil.which("jixiao", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-m", "jixiao"]
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([*command, "audit", str(sample)], capture_output=True, check=False)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    texts = sorted(corpus.glob("*.txt"))
    print(f"corpus: {corpus} ({len(texts)} reports, {sum(p.stat().st_size for p in texts)} bytes)")
    print(f"text: {rate(texts, 5):.1f} reports/s on one core (target ≥ 50)")
    with tempfile.TemporaryDirectory() as tmp:
        docs = make_docx(texts, Path(tmp))
        print(f"docx: {rate(docs, 3):.1f} reports/s on one core (target ≥ 10)")
    print(
        f"cold start `jixiao audit seed.txt`: {cold_start(corpus / 'seed.txt'):.3f} s (target ≤ 0.6)"
    )


if __name__ == "__main__":
    main()
