"""`jixiao serve` and `jixiao manage`: the web application from the command line."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from jixiao.cli import app
from jixiao.cli.render import console

DEFAULT_SETTINGS = "jixiao.web.settings.dev"


def setup_django() -> None:
    """Point Django at the settings (dev unless DJANGO_SETTINGS_MODULE says otherwise)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    threads: Annotated[int, typer.Option("--threads", help="每个进程处理请求的线程数")] = 8,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", help="网页进程数；大于1时用 gunicorn 多进程（生产环境配 PostgreSQL）"
        ),
    ] = 1,
    job_worker: Annotated[
        bool, typer.Option("--job-worker/--no-job-worker", help="同时启动一个后台任务进程")
    ] = True,
    demo: Annotated[
        bool,
        typer.Option("--demo/--no-demo", help="空数据库时载入演示数据（生产设置下拒绝）"),
    ] = False,
) -> None:
    """启动网页系统：自动建库（迁移）；加 --demo 时在空库中载入演示数据并打印演示账号。"""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from jixiao.cli.servers import embedded_worker, run_gunicorn, run_waitress

    out = console()
    if demo and not settings.DEMO_ALLOWED:
        out.print(
            "[red]当前是生产设置，不能载入演示数据（演示账号的密码是公开的）。"
            "请去掉 --demo；用 jixiao manage add_member 建立账号。[/red]"
        )
        raise typer.Exit(2)
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    out.print(f"数据库：{settings.DATABASES['default']['NAME']}（已迁移到最新结构）")
    _maybe_load_demo(out) if demo else _hint_if_empty(out)
    out.print(f"\n打开浏览器访问：[bold]http://{host}:{port}/[/bold]  （Ctrl+C 停止）")
    try:
        with embedded_worker(job_worker):
            if workers > 1:
                run_gunicorn(host, port, threads, workers)
            else:
                run_waitress(host, port, threads)
    except OSError as exc:
        out.print(
            f"[red]无法在 {host}:{port} 上启动：{exc.strerror}。请用 --port 换一个端口。[/red]"
        )
        raise typer.Exit(2) from None


def _maybe_load_demo(out: Console) -> None:
    from django.contrib.auth import get_user_model

    from jixiao.web.demo import DEMO_PASSWORD, load_demo

    if get_user_model().objects.exists():
        out.print("数据库中已有账号，未载入演示数据。")
        return
    logins = load_demo()
    out.print(
        f"已载入演示数据。演示账号（密码均为 [bold]{DEMO_PASSWORD}[/bold]，首次登录时需改密码）："
    )
    for login in logins:
        out.print(f"  {login.username:<22} {login.role:<8} {login.scope}")


def _hint_if_empty(out: Console) -> None:
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.exists():
        out.print(
            "数据库中还没有账号。试用：jixiao serve --demo（载入演示数据）；"
            "正式使用：jixiao manage add_member 用户名 --role … 建立账号。"
        )


@app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage_command(ctx: typer.Context) -> None:
    """运行 Django 管理命令（如 migrate、createsuperuser、load_demo）。"""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jixiao manage", *ctx.args])
