"""The server process tunes its garbage collector; nothing else (tests, the CLI) does."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

from jixiao.web.ops.collector import THRESHOLDS


def test_the_wsgi_module_tunes_and_freezes_the_collector_of_its_process() -> None:
    """Loaded as `jixiao serve` loads it, in a process of its own (thresholds are global)."""
    script = "import gc, jixiao.web.wsgi\nprint(*gc.get_threshold(), gc.get_freeze_count() > 0)\n"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == [*map(str, THRESHOLDS), "True"]
    assert gc.get_threshold() != THRESHOLDS  # importing ops.collector alone tunes nothing
