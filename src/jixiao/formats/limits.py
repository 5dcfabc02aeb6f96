"""The largest workbook file read at all, in a module that imports nothing.

Why a module of its own, outside `excel/`: the web settings take their Excel upload limit
from it at every start of Django (`manage`, `serve`, `worker`, each gunicorn worker), and
importing anything in `excel/` runs that package's `__init__`, which loads the importer
and openpyxl (~150 ms). `excel/safety.py` enforces the limit; this is its one definition.
"""

from __future__ import annotations

__all__ = ["MAX_WORKBOOK_BYTES"]

MAX_WORKBOOK_BYTES = 100 * 1024 * 1024
"""A workbook larger than this on disk is refused before it is opened (100 MB)."""
