"""Where the workspace's shared, read-only material is: the corpus, reference reports.

It sits beside the repository as `../shared` in a developer's worktree and in CI, but a
clone elsewhere (or a CI that lays it out differently) names it with JIXIAO_SHARED. Tests
and benchmarks take it from here only, so no path to it is computed twice.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ROOT", "SHARED"]

ROOT = Path(__file__).resolve().parents[1]
"""The repository."""

SHARED = Path(os.environ.get("JIXIAO_SHARED") or ROOT.parent / "shared").resolve()
"""The shared folder: $JIXIAO_SHARED, else `../shared` next to the repository."""
