"""Shared fixtures: check options from the real profile, and inline-YAML loading."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from jixiao.core.checks import CheckOptions
from jixiao.core.evaluation import Evaluation
from jixiao.pipeline import evaluate, load
from jixiao.rules.profiles import load_options

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"

CheckYaml = Callable[[str], Evaluation]


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
