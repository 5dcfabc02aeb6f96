"""`jixiao worker`: run background jobs (PDFs, batch audits, region reports, reminders)."""

from __future__ import annotations

from typing import Annotated

import typer

from jixiao.cli import app
from jixiao.cli.serve import setup_django


@app.command("worker")
def worker_command(
    threads: Annotated[int, typer.Option("--threads", help="同时处理的任务数")] = 2,
    warm: Annotated[
        bool, typer.Option("--warm/--no-warm", help="常驻 LibreOffice 以加快 PDF 转换")
    ] = True,
) -> None:
    """启动后台任务进程：生成 PDF、批量核查、批量生成报告、催报提醒和定时任务（Ctrl+C 停止）。"""
    setup_django()
    from jixiao.web.jobs.worker import run

    run(max(1, threads), warm=warm)
