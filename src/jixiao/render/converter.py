"""A warm LibreOffice for a worker: unoserver keeps one soffice running between documents.

Why: starting soffice with a fresh profile costs seconds per call; a worker converting
reports all day keeps one LibreOffice loaded and sends it each document over XML-RPC
(unoserver), at a fraction of that. The server side of unoserver needs Python's `uno`
module, which Debian ships for the system Python (python3-uno), so it runs there, with
this environment's unoserver package appended to its path; the client needs only the
standard library. When no such Python is found or the server dies, `to_pdf` falls back to
one soffice call per batch (`render.pdf`), so a missing warm converter costs time, never
a report. The server dies with the worker (PR_SET_PDEATHSIG), so a killed worker leaves
no LibreOffice behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from xmlrpc.client import Fault, ServerProxy

__all__ = ["WarmConverter", "active", "start_warm", "state", "stop_warm"]

log = logging.getLogger(__name__)

UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")
START_TIMEOUT = 90.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def uno_python() -> str | None:
    """A Python that can `import uno` (the server side of unoserver), or None."""
    for candidate in UNO_PYTHONS:
        if not Path(candidate).exists():
            continue
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            done = subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, timeout=20, check=False
            )
            if done.returncode == 0:
                return candidate
    return None


def _die_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when the worker that started us dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class WarmConverter:
    """A unoserver (with its soffice) started by this process, or one already running."""

    def __init__(self, url: str = "") -> None:
        self.url = url
        self.process: subprocess.Popen[bytes] | None = None
        self.profile: tempfile.TemporaryDirectory[str] | None = None
        self.lock = threading.Lock()

    def start(self) -> bool:
        """Start the server (unless a URL was given) and wait until it answers."""
        if not self.url:
            python, soffice = uno_python(), shutil.which("soffice")
            spec = importlib.util.find_spec("unoserver")
            if python is None or soffice is None or spec is None or not spec.origin:
                return False
            site = str(Path(spec.origin).parent.parent)
            port, uno_port = _free_port(), _free_port()
            self.profile = tempfile.TemporaryDirectory(prefix="jixiao-unoserver-")
            code = (
                f"import sys; sys.path.append({site!r}); "
                "from unoserver.server import main; sys.exit(main())"
            )
            args = [python, "-c", code, "--port", str(port), "--uno-port", str(uno_port)]
            args += ["--user-installation", self.profile.name, "--executable", soffice]
            self.process = subprocess.Popen(
                args,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
            self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.alive():
                return True
            if self.process is not None and self.process.poll() is not None:
                return False
            time.sleep(0.5)
        return False

    def alive(self) -> bool:
        """Whether the server answers."""
        with contextlib.suppress(OSError, Fault), ServerProxy(self.url) as proxy:
            return bool(proxy.info())
        return False

    def convert(self, files: list[Path], outdir: Path) -> list[Path]:
        """Convert each .docx to PDF in `outdir` (input order); raises OSError or Fault."""
        out = []
        with ServerProxy(self.url, allow_none=True) as proxy:
            for file in files:
                target = outdir / (file.stem + ".pdf")
                # unoserver's API v3: inpath, indata, outpath, convert_to, filtername,
                # filter_options, update_index, infiltername, password
                proxy.convert(
                    str(file.resolve()),
                    None,
                    str(target.resolve()),
                    "pdf",
                    None,
                    [],
                    False,
                    None,
                    None,
                )
                out.append(target)
        return out

    def stop(self) -> None:
        """Stop a server this process started."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.profile is not None:
            self.profile.cleanup()


_warm: WarmConverter | None = None
_state = "none"


def start_warm(url: str = "") -> str:
    """Start (or connect to) the warm converter for this process; returns `state()`."""
    global _warm, _state
    converter = WarmConverter(url)
    if converter.start():
        _warm, _state = converter, "warm"
    else:
        converter.stop()
        _state = "cold" if shutil.which("soffice") else "none"
        log.warning("warm converter unavailable; PDFs use one soffice call per batch")
    return _state


def active() -> WarmConverter | None:
    """The warm converter of this process, if one was started and still answers."""
    return _warm


def state() -> str:
    """warm, cold (soffice per batch) or none (no LibreOffice)."""
    if _warm is None and _state == "none" and shutil.which("soffice"):
        return "cold"
    return _state


def stop_warm() -> None:
    """Stop this process's warm converter (worker shutdown)."""
    global _warm, _state
    if _warm is not None:
        _warm.stop()
    _warm, _state = None, "none"
