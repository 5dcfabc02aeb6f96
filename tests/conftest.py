"""Shared fixtures: check options from the real profile, inline-YAML loading, the CLI,
a migrated SQLite database for tests that start `jixiao` processes on a data folder."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.workspace import SHARED
from hypothesis import settings

from jixiao.core.checks import CheckOptions
from jixiao.core.evaluation import Evaluation
from jixiao.pipeline import evaluate, load
from jixiao.rules.profiles import load_options

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
__all__ = ["EXAMPLES", "ROOT", "SHARED", "Ran", "copy_database", "run_cli", "run_process"]

CheckYaml = Callable[[str], Evaluation]

# Tests do not time (speed is measured in bench/): Hypothesis's per-example deadline turned
# a busy shared machine into failures ("Unreliable test timings", 400 ms against 200 ms).
settings.register_profile("jixiao", deadline=None)
settings.load_profile("jixiao")


def pytest_configure(config: pytest.Config) -> None:
    """Keep compiled bytecode for this run even where PYTHONDONTWRITEBYTECODE is set.

    Without a cache every process recompiles what it imports: each xdist worker the whole
    library and assertion-rewrites every test module, each CLI, server or job-worker
    subprocess the library again. Set in the main process before xdist starts its workers,
    so they and every subprocess inherit it; the files go to the ignored __pycache__.
    """
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


@pytest.fixture(scope="session")
def options() -> CheckOptions:
    return load_options()


@pytest.fixture
def check_yaml(tmp_path: Path, options: CheckOptions) -> CheckYaml:
    """Write inline YAML (dedented) to a file and check it, as `jixiao check` would."""
    counter = iter(range(10_000))

    def run(text: str) -> Evaluation:
        path = tmp_path / f"case{next(counter)}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return evaluate(load(path), profile=options, score=False)

    return run


@dataclass(frozen=True)
class Ran:
    """What a `jixiao` command gave: exit code, standard output and standard error."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Ran:
    """`jixiao ARGS` in this process, through the same Typer app `python -m jixiao` runs.

    Why not a new process per call: each one starts an interpreter and imports the library
    again (about a second of CPU, more where bytecode is not cached), which made the CLI
    tests a tenth of the suite. Exceptions are not caught, so a crash fails the test
    instead of passing for exit code 1. `run_process` keeps the real entry point tested.
    """
    from typer.testing import CliRunner

    from jixiao.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str) -> Ran:
    """`python -m jixiao ARGS` as a separate process (the console entry point itself)."""
    done = subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


DATABASE_FILE = "jixiao.sqlite3"
"""The SQLite file `jixiao serve` and `jixiao manage` use in JIXIAO_DATA_DIR."""


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name` of this test run, filled by `make(folder)` by the first process
    that asks; the xdist workers of one run share it.

    The first takes a file lock and makes it (into a work folder renamed when complete),
    the others wait for the lock and use it. The lock's folder is the run's own, so no
    other run sees it. For inputs that cost seconds to make and that tests only read.
    """
    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    made = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not made.exists():
            work = shared / f"{name}-work"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            make(work)
            work.rename(made)
    return made


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file that `jixiao manage migrate` made from nothing, once per test run.

    Why: the tests that start `jixiao serve`, `check-deploy` or `manage` on a data folder of
    their own each migrated an empty database first (about 4 s of CPU each). They now get a
    copy of this file (`copy_database`), which is what `migrate` would have left; `serve`
    still runs its own `migrate`, which finds nothing to do. Made by the real command in a
    subprocess, so migrating from nothing is still exercised on every run, and shared by
    the xdist workers of the run (`once_per_run`).
    """

    def migrate(folder: Path) -> None:
        work = folder / "data"
        own = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
        env["JIXIAO_DATA_DIR"] = str(work)
        command = [str(Path(sys.executable).with_name("jixiao")), "manage", "migrate", "-v0"]
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
        # WAL mode: fold the log into the file, so the file alone is the whole database.
        with sqlite3.connect(work / DATABASE_FILE) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        shutil.copyfile(work / DATABASE_FILE, folder / DATABASE_FILE)
        shutil.rmtree(work)

    return once_per_run(tmp_path_factory, "migrated", migrate) / DATABASE_FILE


@pytest.fixture(scope="session")
def django_db_keepdb(
    request: pytest.FixtureRequest, django_db_modify_db_settings: None
) -> Iterator[bool]:
    """pytest-django's own fixture, overridden: on SQLite, each test process starts from a
    copy of `migrated_database` instead of migrating its own test database.

    Why: applying the 29 migrations cost each xdist worker about 1.4 s of CPU, and the run
    migrates that file anyway (for the `serve` tests). The copy holds the same schema and
    rows (`sqlite3 .dump` of both compared equal); Django is told to keep the database, so
    its `migrate` runs over it and finds nothing to do, and the copy is deleted here at the
    end. `--reuse-db`, `--create-db`, `--nomigrations` and PostgreSQL go the usual way.
    """
    from django.conf import settings

    keep = bool(request.config.getvalue("reuse_db"))
    database = settings.DATABASES["default"]
    usual = keep or request.config.getvalue("create_db") or request.config.getvalue("nomigrations")
    if usual or not database["ENGINE"].endswith("sqlite3"):
        yield keep
        return
    name = Path(database["TEST"]["NAME"])
    shutil.copyfile(request.getfixturevalue("migrated_database"), name)
    yield True
    for suffix in ("", "-wal", "-shm"):
        name.with_name(name.name + suffix).unlink(missing_ok=True)


def copy_database(migrated: Path, folder: Path) -> Path:
    """Put a copy of the migrated database into the data folder `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(migrated, folder / DATABASE_FILE))
