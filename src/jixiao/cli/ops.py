"""`jixiao backup`, `jixiao restore` and `jixiao migrate-db`: the site's data as a whole."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import app
from jixiao.cli.render import console
from jixiao.cli.serve import setup_django


@app.command("backup")
def backup_command(
    output: Annotated[Path, typer.Argument(help="备份文件（.tar.gz）")],
) -> None:
    """备份数据库和保存的文件（SQLite 在线备份或 pg_dump），可在系统运行时进行。"""
    setup_django()
    from jixiao.web.ops.backup import BackupError, backup

    out = console()
    try:
        manifest = backup(output)
    except BackupError as exc:
        out.print(f"[red]备份失败：{exc}[/red]")
        raise typer.Exit(2) from None
    rows = sum(manifest.counts.values())
    out.print(f"已备份到 {output}：{len(manifest.counts)} 张表，共 {rows} 行（{manifest.engine}）")


@app.command("restore")
def restore_command(
    archive: Annotated[Path, typer.Argument(help="jixiao backup 生成的备份文件")],
) -> None:
    """从备份恢复数据库和文件（会覆盖现有数据；请先停止网页和后台任务进程）。"""
    setup_django()
    from jixiao.web.ops.backup import BackupError, restore

    out = console()
    try:
        manifest, counts = restore(archive)
    except BackupError as exc:
        out.print(f"[red]恢复失败：{exc}[/red]")
        raise typer.Exit(2) from None
    differ = {t: (n, counts.get(t)) for t, n in manifest.counts.items() if counts.get(t) != n}
    if differ:
        for table, (want, got) in differ.items():
            out.print(f"[red]  {table}: 备份中 {want} 行，恢复后 {got} 行[/red]")
        raise typer.Exit(1)
    out.print(f"已恢复 {manifest.created} 的备份：{len(counts)} 张表，行数与备份一致")


@app.command("migrate-db")
def migrate_db_command(
    to: Annotated[
        str, typer.Option("--to", help="目标 PostgreSQL：postgres://用户:密码@主机:端口/库名")
    ],
    force: Annotated[bool, typer.Option("--force", help="目标库已有数据时仍覆盖")] = False,
) -> None:
    """把当前数据库（通常是内置的 SQLite）的全部数据和历史记录迁移到 PostgreSQL。"""
    setup_django()
    from jixiao.web.ops.backup import BackupError
    from jixiao.web.ops.migrate import migrate_database
    from jixiao.web.settings.base import database

    out = console()
    try:
        source, copied = migrate_database(database(to), force=force, say=out.print)
    except BackupError as exc:
        out.print(f"[red]迁移失败：{exc}[/red]")
        raise typer.Exit(2) from None
    differ = [t for t, n in source.items() if copied.get(t) != n]
    for table in differ:
        out.print(f"[red]  {table}: 原库 {source[table]} 行，新库 {copied.get(table)} 行[/red]")
    if differ:
        raise typer.Exit(1)
    out.print(
        f"迁移完成：{len(source)} 张表、{sum(source.values())} 行，行数逐表一致。"
        "把 DATABASE_URL 设为新库后重启网页和后台任务进程。"
    )
