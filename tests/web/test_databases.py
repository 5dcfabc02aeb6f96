"""The test database is the one DATABASE_URL names: a silently ignored URL fails here.

scripts/test.sh runs tests/web twice, on SQLite and on PostgreSQL; if the second pass
quietly fell back to SQLite, every PostgreSQL-only failure would go unseen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connection


@pytest.mark.django_db
def test_backend_matches_database_url() -> None:
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_test_database_is_a_fresh_shared_one() -> None:
    """Threads need a database they share: a file for SQLite (not `:memory:`)."""
    name = str(connection.settings_dict["NAME"])
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        assert name.endswith(f"_{worker}")
    if connection.vendor == "postgresql":
        assert name.startswith("test_")
        return
    assert "memory" not in name
    assert Path(name).is_file()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
