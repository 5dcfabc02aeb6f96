"""The app server behind `jixiao serve`: one process (waitress) or N (gunicorn).

`serve` also starts the embedded job worker as a child process.

Why two servers: the one-command default stays a single process with threads (waitress,
any OS); a bureau's deadline needs several processes over PostgreSQL, which gunicorn
pre-forks (gthread workers: each process its own threads and database connections, nothing
shared, so any number can run behind nginx). The job worker is the same `jixiao worker`
a production host runs under systemd; `serve` starts one beside the server unless told
not to, so the embedded default needs no extra service.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


WORKER_COMMAND = (sys.executable, "-m", "jixiao", "worker", "--threads", "2")


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(0)


@contextlib.contextmanager
def embedded_worker(enabled: bool, command: Sequence[str] = WORKER_COMMAND) -> Iterator[None]:
    """A `jixiao worker` child for the server's lifetime (stopped with the server).

    SIGTERM (`kill`, a supervisor, a container stop) unwinds like Ctrl+C: by default it
    ends Python without running this block's `finally`, and the worker was left running
    on its own. gunicorn installs its own handler later and exits the same way.
    """
    if not enabled:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    child = subprocess.Popen(list(command))
    try:
        yield
    finally:
        child.terminate()
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()


def run_waitress(host: str, port: int, threads: int) -> None:
    """One process, `threads` threads (the embedded default)."""
    from django.conf import settings
    from waitress import serve

    from jixiao.web.wsgi import application

    # With a proxy configured, waitress must hand X-Forwarded-* over instead of deleting
    # them (its default): Django's TrustedProxyMiddleware decides whom to believe.
    serve(
        application,
        host=host,
        port=port,
        threads=threads,
        ident="jixiao",
        clear_untrusted_proxy_headers=not settings.TRUSTED_PROXIES,
    )


def run_gunicorn(host: str, port: int, threads: int, workers: int) -> None:
    """`workers` pre-forked processes with `threads` threads each (production)."""
    from django.conf import settings
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from jixiao.web.ops.proxy import parse_networks

    proxies = [str(network) for network in parse_networks(list(settings.TRUSTED_PROXIES))]
    connections.close_all()  # the parent migrated; its connection must not reach the children

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "timeout": 120,
                "graceful_timeout": 30,
                "keepalive": 5,
                "max_requests": 5000,
                "max_requests_jitter": 500,
                "proc_name": "jixiao",
                # The same proxies TrustedProxyMiddleware believes (none: nobody).
                "forwarded_allow_ips": ",".join(proxies),
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from jixiao.web.wsgi import application

            return application

    Server().run()
