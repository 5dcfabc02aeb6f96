"""jixiao.review is pure logic: no Django, no file formats, no rule-file loader."""

from __future__ import annotations

import ast
from pathlib import Path

REVIEW = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "review"
FORBIDDEN = ("django", "yaml", "openpyxl", "docx", "jixiao.formats", "jixiao.web", "jixiao.rules")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def _violations(root: Path) -> list[str]:
    return [
        f"{path.name}: {name}"
        for path in sorted(root.glob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(f"{bad}.") for bad in FORBIDDEN)
    ]


def test_review_imports_no_web_framework_or_file_format() -> None:
    assert sorted(p.name for p in REVIEW.glob("*.py"))  # the package is there
    assert _violations(REVIEW) == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import yaml\nfrom jixiao.rules.review import x\n")
    assert _violations(tmp_path) == ["bad.py: yaml", "bad.py: jixiao.rules.review"]
