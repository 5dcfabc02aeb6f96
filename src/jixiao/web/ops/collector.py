"""The server process's garbage collector: collect young objects in larger batches.

A large unit's page keeps millions of objects alive while it is drawn (the unit's data,
its evaluation, the cached evaluations of other pages). With CPython's default thresholds
(700, 10, 10) a save of one page of a 2,000-project unit ran ~790 young collections and two
or three full ones, each full one walking that whole heap: 1.1-1.4 s of the 3.0-3.3 s of CPU
the save and its next page took (`bench/edit_page_bench.py`, measured with `gc.callbacks`).
Nearly everything those requests allocate lives until the response is sent, so collecting
every 700 allocations finds little. With (50,000, 20, 20) the same save ran ten young
collections and no full one, and took 2.1-2.2 s; a cold open 2.4-2.5 s went to 1.3 s.

Cyclic garbage is still collected, in batches of 50,000 allocations instead of 700 (a few
megabytes more at most), and objects loaded at start-up are frozen (`gc.freeze`) so that no
full collection walks Django, the rules and the templates again; a forked gunicorn worker
also keeps those pages shared with its parent.
"""

from __future__ import annotations

import gc

__all__ = ["THRESHOLDS", "tune_collector"]

THRESHOLDS = (50_000, 20, 20)
"""Young-generation allocations before a collection, then the two older generations'."""


def tune_collector() -> None:
    """Set `THRESHOLDS` and freeze what is alive now (call once the application is loaded)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
