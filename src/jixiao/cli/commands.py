"""Imports every command module so each registers itself on the app.

A new command is a module in this package plus one line here.
"""

from jixiao.cli import check  # noqa: F401
from jixiao.cli import meta  # noqa: F401
