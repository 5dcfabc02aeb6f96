"""Moving a site from the embedded SQLite database to PostgreSQL, with all its history.

Steps: build the schema on the target (Django migrations), empty what migrations put
there (content types, permissions), copy every table row by row with its primary key
(history, join tables and sessions included), reset the target's id sequences, then
compare the row count of every table. The copy is one transaction on the target:
Django's foreign keys on PostgreSQL are DEFERRABLE INITIALLY DEFERRED, so tables can be
copied in any order and a failure leaves the target as it was. Rows are written with
bulk inserts that fire no signals (no history entry is made by the move itself) and with
auto_now fields left as they were, so every time stamp survives.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction

from jixiao.web.ops.backup import BackupError, table_counts

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.db.models import Model

__all__ = ["TARGET", "migrate_database"]

TARGET = "migrate_target"
BATCH = 1000
_OWN_APPS = ("accounts", "submissions", "review", "publishing", "api", "jobs")


@contextlib.contextmanager
def _timestamps_kept(models: list[type[Model]]) -> Iterator[None]:
    """Turn off auto_now/auto_now_add while copying (a copy must not restamp rows)."""
    changed: list[tuple[Any, bool, bool]] = []
    for model in models:
        for field in model._meta.concrete_fields:
            now, add = getattr(field, "auto_now", False), getattr(field, "auto_now_add", False)
            if now or add:
                changed.append((field, now, add))
                field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, now, add in changed:
            field.auto_now, field.auto_now_add = now, add


def _models() -> list[type[Model]]:
    seen: set[str] = set()
    out = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.db_table in seen:
            continue
        seen.add(model._meta.db_table)
        out.append(model)
    return out


def _has_data(alias: str) -> bool:
    counts = table_counts(alias)
    return any(n for table, n in counts.items() if table.split("_", 1)[0] in _OWN_APPS)


def migrate_database(
    target: dict[str, Any], *, force: bool = False, say: Callable[[str], None] = print
) -> tuple[dict[str, int], dict[str, int]]:
    """Copy everything from the default database to `target`; returns both row counts."""
    if not str(target["ENGINE"]).endswith("postgresql"):
        raise BackupError("目标数据库应为 PostgreSQL（postgres://用户@主机:端口/库名）")
    # A second connection made at run time gets Django's defaults (TIME_ZONE, OPTIONS …).
    configured = connections.configure_settings(
        {"default": dict(connections.databases["default"]), TARGET: dict(target)}
    )
    connections.databases[TARGET] = configured[TARGET]
    try:
        connections[TARGET].ensure_connection()
    except Exception as exc:
        raise BackupError(f"无法连接目标数据库：{exc}") from None
    try:
        say("目标数据库：建立表结构（迁移）……")
        call_command("migrate", database=TARGET, interactive=False, verbosity=0)
        if _has_data(TARGET) and not force:
            raise BackupError("目标数据库中已有填报等数据；确认要覆盖时加 --force")
        models = _models()
        connection = connections[TARGET]
        tables = [m._meta.db_table for m in models]
        with transaction.atomic(using=TARGET), _timestamps_kept(models):
            flush = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
            with connection.cursor() as cursor:
                for statement in flush:
                    cursor.execute(statement)
            for model in models:
                _copy(model, say)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(statement)
        source, copied = table_counts(), table_counts(TARGET)
    finally:
        connections[TARGET].close()
        del connections.databases[TARGET]
    return source, copied


def _copy(model: type[Model], say: Callable[[str], None]) -> None:
    manager = model._default_manager
    batch: list[Model] = []
    total = 0
    for row in manager.using("default").order_by("pk").iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            manager.using(TARGET).bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        manager.using(TARGET).bulk_create(batch)
        total += len(batch)
    if total:
        say(f"  {model._meta.db_table}: {total} 行")
