"""`jixiao serve` on one machine: plain HTTP on a laptop or an intranet host.

Debug pages stay off unless JIXIAO_DEBUG=1, so a department that runs the README command
on its intranet never shows a traceback to a user. Cookies are not marked Secure because
the embedded server speaks plain HTTP; use `prod` behind HTTPS for anything public.
"""

from __future__ import annotations

import os
import secrets

from jixiao.web.settings.base import *  # noqa: F403
from jixiao.web.settings.base import DATA_DIR, QUEUE_NAME, QUEUE_URL, queue

DEBUG = os.environ.get("JIXIAO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")


def _secret_key() -> str:
    """A random key kept in the data folder, so sessions survive a restart."""
    env = os.environ.get("JIXIAO_SECRET_KEY")
    if env:
        return env
    path = DATA_DIR / "secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEMO_ALLOWED = True

HUEY = queue(QUEUE_URL, QUEUE_NAME)
