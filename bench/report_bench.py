"""Report generation time: docx+html per submission and per document, and PDF per document.

Run: uv run python bench/report_bench.py [ROUNDS]
Targets: docx+html ≤ 0.3 s per submission; PDF ≤ 1 s per document (amortised over one
LibreOffice start per submission).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from jixiao.render import ReportRequest, render_file
from jixiao.render.pdf import soffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "xiangjiang-justice-2023.yaml"


def main(rounds: int) -> None:
    """Render the consistent example `rounds` times and print the medians."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        render_file(EXAMPLE, ReportRequest(out / "warm"))  # imports, templates, scoring caches
        totals, docs = [], 0
        for index in range(rounds):
            start = time.perf_counter()
            result = render_file(EXAMPLE, ReportRequest(out / str(index), ("docx", "html")))
            totals.append(time.perf_counter() - start)
            docs = len(result.written) // 2
        totals.sort()
        median = totals[len(totals) // 2]
        print(
            f"docx+html: {median:.3f} s/submission, {median / docs:.3f} s/document ({docs} documents)"
        )
        if soffice() is None:
            print("pdf: skipped (LibreOffice not installed)")
            return
        start = time.perf_counter()
        result = render_file(EXAMPLE, ReportRequest(out / "pdf", ("pdf",)))
        elapsed = time.perf_counter() - start
        pdfs = sum(p.suffix == ".pdf" for p in result.written)
        print(
            f"pdf: {result.timings['pdf']:.2f} s for {pdfs} documents, {result.timings['pdf'] / pdfs:.2f} s/document"
        )
        print(f"all formats: {elapsed:.2f} s/submission")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
