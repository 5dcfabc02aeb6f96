"""Backup and restore of the whole site: the database and the kept files, in one archive.

The archive (`.tar.gz`) holds `manifest.json` (engine, time, row count per table),
the database (`database.sqlite3` from SQLite's online backup, safe while the server runs;
or `database.dump` from pg_dump's custom format) and `files/` (MEDIA_ROOT: job results
and uploaded zips). Restore puts both back and checks the row counts against the manifest.
Restore replaces what is there: stop the app and the workers first.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections

__all__ = ["BackupError", "backup", "restore", "table_counts"]


class BackupError(Exception):
    """Backup or restore could not be done; the message is Chinese."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds."""

    engine: str
    created: str
    counts: dict[str, int]


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of every installed model (history and join tables included)."""
    counts: dict[str, int] = {}
    tables = set(connections[alias].introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and table not in counts:
            counts[table] = model._default_manager.using(alias).count()
    return dict(sorted(counts.items()))


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _is_sqlite(cfg: dict[str, Any]) -> bool:
    return str(cfg["ENGINE"]).endswith("sqlite3")


def _pg_env(cfg: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(cfg.get("HOST") or "127.0.0.1"),
            "PGPORT": str(cfg.get("PORT") or 5432),
            "PGUSER": str(cfg.get("USER") or ""),
            "PGDATABASE": str(cfg["NAME"]),
        }
    )
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"未找到 {command[0]}（PostgreSQL 客户端），请安装 postgresql-client")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[:300]}")


def backup(target: Path) -> Manifest:
    """Write the archive to `target` (see module docstring)."""
    cfg = _database()
    manifest = Manifest(
        engine="sqlite" if _is_sqlite(cfg) else "postgresql",
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        counts=table_counts(),
    )
    with tempfile.TemporaryDirectory(prefix="jixiao-backup-") as tmp:
        folder = Path(tmp)
        if manifest.engine == "sqlite":
            dump = folder / "database.sqlite3"
            source = sqlite3.connect(str(cfg["NAME"]))
            copy = sqlite3.connect(dump)
            try:
                source.backup(copy)  # SQLite's online backup: consistent while others write
            finally:
                copy.close()
                source.close()
        else:
            dump = folder / "database.dump"
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"], _pg_env(cfg))
        (folder / "manifest.json").write_text(
            json.dumps(manifest.__dict__, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(target, "w:gz") as archive:
            archive.add(folder / "manifest.json", "manifest.json")
            archive.add(dump, dump.name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, "files")
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        if member.name.startswith("/") or ".." in Path(member.name).parts:
            raise BackupError(f"备份文件中有不安全的路径：{member.name}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"备份文件中有不支持的条目：{member.name}")
    return members


def restore(source: Path) -> tuple[Manifest, dict[str, int]]:
    """Put the archive's database and files back; returns the manifest and the counts now."""
    cfg = _database()
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115  (closed by the with below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法打开备份文件：{exc}") from None
    with archive, tempfile.TemporaryDirectory(prefix="jixiao-restore-") as tmp:
        folder = Path(tmp)
        archive.extractall(folder, members=_safe_members(archive), filter="data")
        try:
            manifest = Manifest(**json.loads((folder / "manifest.json").read_text("utf-8")))
        except (OSError, ValueError, TypeError):
            raise BackupError(
                "备份文件缺少清单（manifest.json），不是 jixiao backup 生成的"
            ) from None
        engine = "sqlite" if _is_sqlite(cfg) else "postgresql"
        if manifest.engine != engine:
            raise BackupError(
                f"备份来自 {manifest.engine}，当前数据库是 {engine}；"
                "请用 jixiao migrate-db 在两种数据库之间迁移"
            )
        connections.close_all()
        if engine == "sqlite":
            _restore_sqlite(folder / "database.sqlite3", Path(str(cfg["NAME"])))
        else:
            command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
            command += ["--single-transaction", f"--dbname={cfg['NAME']}"]
            _run([*command, str(folder / "database.dump")], _pg_env(cfg))
        files = folder / "files"
        if files.exists():
            media = Path(settings.MEDIA_ROOT)
            shutil.rmtree(media, ignore_errors=True)
            shutil.copytree(files, media)
    counts = table_counts()
    return manifest, counts


def _restore_sqlite(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
