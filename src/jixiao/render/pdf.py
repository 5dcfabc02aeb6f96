"""PDF through LibreOffice: the worker's warm converter, or one soffice call per batch.

In a worker a LibreOffice stays loaded (`render.converter`) and each document is sent to
it. Without one (the CLI, or the warm converter failed) all documents of a submission go
to one headless soffice call: starting soffice costs seconds, so converting every .docx
together amortises it. Each cold call gets its own profile directory, so several worker
processes can convert at once without fighting over one user profile.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from xmlrpc.client import Fault

__all__ = ["PdfError", "cold_pdf", "soffice", "to_pdf"]

log = logging.getLogger(__name__)


class PdfError(Exception):
    """Conversion failed or LibreOffice is absent; the message is Chinese."""


def soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(files: list[Path], outdir: Path, timeout: float = 180) -> list[Path]:
    """Convert .docx files to PDF in `outdir`; returns the PDFs in input order."""
    from jixiao.render.converter import active

    warm = active()
    if warm is not None:
        with warm.lock:
            try:
                return warm.convert(files, outdir)
            except (OSError, Fault) as exc:
                log.warning("warm converter failed (%s); one soffice call instead", exc)
    return cold_pdf(files, outdir, timeout)


def cold_pdf(files: list[Path], outdir: Path, timeout: float = 180) -> list[Path]:
    """One headless soffice call (fresh profile) for all `files`."""
    exe = soffice()
    if exe is None:
        raise PdfError("未找到 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        command = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, files),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice 超过{timeout:.0f}秒未完成") from None
    pdfs = [outdir / (f.stem + ".pdf") for f in files]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise PdfError(f"未生成 {'、'.join(missing)}：{(done.stderr or done.stdout).strip()[:200]}")
    return pdfs
