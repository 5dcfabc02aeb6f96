"""Imports every command module so each registers itself on the app.

A new command is a module in this package plus its name in the import below.
"""

from jixiao.cli import (  # noqa: F401
    audit,
    check,
    deploy,
    excel,
    meta,
    ops,
    report,
    rereview,
    score,
    serve,
    targets,
    worker,
)
