"""Tests: fast hashing, a throw-away database from DATABASE_URL, production checks on.

pytest-django creates a fresh test database; with DATABASE_URL unset that is SQLite, with
DATABASE_URL=postgres://… (as scripts/test.sh sets for the second pass) it is PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jixiao.web.settings.base import *  # noqa: F403
from jixiao.web.settings.base import DATABASES, PASSWORD_HASHERS

DEBUG = False
DEMO_ALLOWED = True
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
"""Argon2 stays configured (a test checks it); MD5 only makes fixture users fast to create."""

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not Django's default in-memory database: the concurrency tests and
    # live_server run threads that each open their own connection, and only a file is
    # shared between connections (with WAL and IMMEDIATE locking, as in production).
    # The process id keeps two runs apart; pytest-django appends _gw0, _gw1 … per xdist
    # worker and deletes the file when the run ends.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.gettempdir()) / f"jixiao-test-{os.getpid()}.sqlite3"
    )

HUEY = {"huey_class": "huey.MemoryHuey", "name": "jixiao-test", "immediate": True}
"""Jobs run inside the request that asks for them; tests/web/jobs start real workers on
Redis (and PostgreSQL) as subprocesses with their own settings to test the production path."""
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"jixiao-test-files-{os.getpid()}"
"""Job files of a test run, outside the working tree."""
