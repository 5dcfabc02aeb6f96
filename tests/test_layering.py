"""The layers of docs/architecture.md, enforced: nothing imports a layer above its own.

Bottom to top: core → formats → rules → render | audit | review → pipeline → web → cli
(docs_gen, which renders the code catalogue, sits beside the pipeline; `python -m jixiao`
on top).
A package may import its own modules and any package of a lower layer; the three engines
of one layer (render, audit, review) do not import each other; and the surfaces (web, cli)
reach the engines only through the pipeline façade. Imports under TYPE_CHECKING count:
a type in a signature couples two modules as much as a call does.
"""

from __future__ import annotations

import ast
import functools
import shutil
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: dict[str, int] = {
    "core": 0,
    "formats": 1,
    "rules": 2,
    "render": 3,
    "audit": 3,
    "review": 3,
    "pipeline": 4,
    "docs_gen": 4,
    "web": 5,
    "cli": 6,
    "__main__": 7,
}
"""Package (first part after `jixiao.`) → layer; keep in step with docs/architecture.md."""

THROUGH_FACADE = {"web": {"render", "audit"}, "cli": {"render", "audit"}}
"""Surfaces that must use `jixiao.pipeline` instead of these engines."""


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "jixiao" and len(parts) > 1 else None


def _module_of(path: Path, root: Path) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level == 0:
            base = node.module or ""
        else:  # relative: resolve against this module's package
            anchor = module.split(".")[: len(module.split(".")) - node.level + is_package]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        # `from jixiao import pipeline` names a package too
        return [base] + [f"{base}.{alias.name}" for alias in node.names if base == "jixiao"]
    return []


@functools.cache
def _imports(text: str, module: str, is_package: bool) -> tuple[tuple[int, str], ...]:
    """(line, imported name) of every import in one module's source.

    Cached by the source text itself: the planted-import tests copy the whole tree and
    change one file, so every other file is the same text and is not parsed again (each
    pass over the tree parsed ~350 modules, about 1 s of CPU; four passes ran).
    """
    return tuple(
        (getattr(node, "lineno", 0), name)
        for node in ast.walk(ast.parse(text))
        for name in _imported(node, module, is_package)
    )


def violations(root: Path) -> list[str]:
    """Every import in the `jixiao` tree under `root` that breaks the layering rules."""
    found: list[str] = []
    for path in sorted((root / "jixiao").rglob("*.py")):
        module = _module_of(path, root)
        own = _package(module)
        if own is None:
            continue
        text = path.read_text(encoding="utf-8")
        for line, name in _imports(text, module, path.name == "__init__.py"):
            other = _package(name)
            if other is None or other == own:
                continue
            where = f"{module}:{line} imports {name}"
            if other not in LAYERS or own not in LAYERS:
                found.append(f"{where} (package not in the layer table)")
            elif LAYERS[other] > LAYERS[own]:
                found.append(f"{where} (a higher layer)")
            elif LAYERS[other] == LAYERS[own]:
                found.append(f"{where} (a sibling of the same layer)")
            elif other in THROUGH_FACADE.get(own, set()):
                found.append(f"{where} (use jixiao.pipeline)")
    return found


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert len(list((SRC / "jixiao").rglob("*.py"))) > 100  # the tree is really there
    assert violations(SRC) == []


def test_every_package_has_a_layer() -> None:
    packages = {
        p.stem if p.is_file() else p.name
        for p in (SRC / "jixiao").iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.stem != "__init__")
    }
    assert packages == set(LAYERS)


def _planted(tmp_path: Path, module: str, line: str) -> list[str]:
    """A copy of the real tree with one extra import line in one module."""
    tree = tmp_path / "src"
    shutil.copytree(SRC / "jixiao", tree / "jixiao", ignore=shutil.ignore_patterns("__pycache__"))
    target = tree / "jixiao" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return violations(tree)


def test_a_planted_back_edge_fails(tmp_path: Path) -> None:
    found = _planted(tmp_path, "core/money.py", "from jixiao.pipeline import evaluate")
    assert len(found) == 1
    assert found[0].startswith("jixiao.core.money:") and "a higher layer" in found[0]


def test_a_planted_sibling_or_facade_bypass_fails(tmp_path: Path) -> None:
    sibling = _planted(tmp_path / "a", "render/build.py", "import jixiao.review.dashboard")
    assert [v.split(" (")[1] for v in sibling] == ["a sibling of the same layer)"]
    bypass = _planted(tmp_path / "b", "web/submissions/reports.py", "from ...render import FORMATS")
    assert len(bypass) == 1 and bypass[0].endswith("imports jixiao.render (use jixiao.pipeline)")
