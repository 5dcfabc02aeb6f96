"""Shared fixtures: check options from the real profile, inline-YAML loading, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
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
__all__ = ["EXAMPLES", "ROOT", "SHARED", "Ran", "run_cli", "run_process"]

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
