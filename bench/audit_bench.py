"""Audit speed: published PDFs against pdftotext, the dev corpus (text, docx), cold start.

Run: uv run python bench/audit_bench.py [CORPUS_DIR] [PDF_DIR]
Targets: one `jixiao audit` call on the corpus PDFs ≤ 10 × the time pdftotext takes for the
same files, peak memory ≤ 200 MB; ≥ 50 reports/s for text, ≥ 10 reports/s for docx on one
core; cold start ≤ 0.6 s. The machine is shared: figures printed under load are upper
bounds, so read the ratio rather than the seconds.
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
PDFS = SHARED / "corpus" / "pdf"


def _jixiao() -> list[str]:
    exe = shutil.which("jixiao", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "jixiao"]


def pdf_figures(pdfs: list[Path]) -> None:
    """One audit call on all PDFs vs pdftotext on each; pages/s and the call's peak memory."""
    import resource

    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([*_jixiao(), "audit", *map(str, pdfs)], capture_output=True, check=False)
        best = min(best, time.perf_counter() - started)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tool = shutil.which("pdftotext")
    print(f"pdf: {len(pdfs)} files, {pages} pages; one `jixiao audit` call {best:.2f} s")
    print(f"pdf: {pages / best:.1f} pages/s; peak memory {peak_mb:.0f} MB (target ≤ 200)")
    if tool is None:
        print("pdf: pdftotext not installed (apt-get install poppler-utils) — no ratio")
        return
    base = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for path in pdfs:
            subprocess.run([tool, str(path), "-"], capture_output=True, check=False)
        base = min(base, time.perf_counter() - started)
    print(f"pdf: pdftotext {base:.2f} s; ratio {best / base:.1f}× (target ≤ 10×)")


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
    command = _jixiao()
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([*command, "audit", str(sample)], capture_output=True, check=False)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    pdf_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else PDFS
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    if pdfs:
        pdf_figures(pdfs)  # first, so the peak memory is this call's
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
