"""`jixiao migrate-db` from a populated SQLite site to a fresh PostgreSQL database.

Runs as a user would: `jixiao` subprocesses on a data folder of their own (demo data with
history, a job with a result file), then compares every table's rows and the history
on both sides. Runs in the PostgreSQL pass (it needs the server; the SQLite pass skips).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from tests.conftest import copy_database

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent / "jixiao"
MAKE_JOB = (
    "from jixiao.web.jobs.models import Job, Kind; from jixiao.web.jobs import services; "
    "job = Job.objects.create(kind=Kind.RENDER, title='报告'); "
    "services.finish(job, '完成', file=services.save_file(job, 'r.txt', '内容'.encode()), file_name='r.txt')"
)


def _server() -> dict[str, Any]:
    cfg = connection.settings_dict
    return {
        "host": cfg["HOST"] or "127.0.0.1",
        "port": cfg["PORT"] or 5432,
        "user": cfg["USER"],
        "password": cfg["PASSWORD"] or None,
    }


def _counts(rows: list[tuple[str, int]]) -> dict[str, int]:
    return dict(sorted(rows))


def test_migrate_db_moves_every_row_history_and_file(
    tmp_path: Path, migrated_database: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of scripts/test.sh")
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["JIXIAO_DATA_DIR"] = str(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BIN), *args], env=env, check=True, capture_output=True, text=True
        )

    copy_database(migrated_database, tmp_path)  # what `jixiao manage migrate` leaves
    run("manage", "load_demo")
    run("manage", "shell", "-c", MAKE_JOB)
    name = f"jixiao_migrate_{uuid.uuid4().hex[:10]}"
    server = _server()
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f"CREATE DATABASE {name}".encode())
    try:
        auth = server["user"] + (f":{server['password']}" if server["password"] else "")
        url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
        done = run("migrate-db", "--to", url)
        assert "行数逐表一致" in done.stdout
        source = sqlite3.connect(tmp_path / "jixiao.sqlite3")
        tables = [
            t
            for (t,) in source.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if not t.startswith("sqlite_") and t != "django_migrations"
        ]
        history_sql = "SELECT history_id, version, status FROM submissions_historicalsubmission ORDER BY history_id"
        with psycopg.connect(dbname=name, **server) as target:
            for table in tables:
                want = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                got = target.execute(f'SELECT count(*) FROM "{table}"'.encode()).fetchone()
                assert got is not None and got[0] == want, table
            assert (
                target.execute(history_sql.encode()).fetchall()
                == source.execute(history_sql).fetchall()
            )
            times = "SELECT history_date FROM submissions_historicalsubmission ORDER BY history_id"
            got_times = [t.isoformat(sep=" ") for (t,) in target.execute(times.encode()).fetchall()]
            want_times = [t.replace("T", " ") for (t,) in source.execute(times).fetchall()]
            assert [t[:19] for t in got_times] == [t[:19] for t in want_times]
            row = target.execute(b"SELECT result_file FROM jobs_job").fetchone()
            assert row is not None and (tmp_path / "files" / row[0]).read_text() == "内容"
            new = target.execute(
                b"INSERT INTO accounts_region (code, name) VALUES ('9999', 'x') RETURNING id"
            ).fetchone()
            assert new is not None and new[0] > 2  # id sequences continue after the copied rows
        assert "accounts_region" in tables and "submissions_historicalsubmission" in tables
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
