"""The domain core imports no web framework and no file-format library (STYLE.md 1)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "core"
ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _violations(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if (name.startswith("jixiao.") and not name.startswith("jixiao.core")) or (
                top != "jixiao"
                and top not in sys.stdlib_module_names
                and top not in ALLOWED_THIRD_PARTY
            ):
                found.append(f"{path.name}: {name}")
    return found


def test_core_imports_only_stdlib_pydantic_and_itself() -> None:
    assert list(CORE.rglob("*.py")), "core package not found"
    assert _violations(CORE) == []


def test_the_purity_test_catches_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "import yaml\nfrom django.db import models\nfrom jixiao.formats import x\n"
    )
    assert _violations(tmp_path) == ["bad.py: yaml", "bad.py: django.db", "bad.py: jixiao.formats"]
