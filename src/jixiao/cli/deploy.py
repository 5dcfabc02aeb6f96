"""`jixiao check-deploy`: is this installation safe to put on the network?

Loads the production settings (or those named), then runs Django's `check --deploy` and
the project's own deployment checks (`web/accounts/deploy_checks.py`): secret key, host
list, debug pages, demo data and the demo switch, the HTTPS proxy. Any warning fails it,
so CI (scripts/test.sh) and an operator's upgrade script can rely on exit code 0.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from jixiao.cli import app
from jixiao.cli.render import console

PROD_SETTINGS = "jixiao.web.settings.prod"


@app.command("check-deploy")
def check_deploy_command(
    settings_module: Annotated[
        str, typer.Option("--settings", help="要检查的设置模块（默认生产设置）")
    ] = PROD_SETTINGS,
) -> None:
    """部署前检查：Django 的 check --deploy 加本项目的检查（密钥、主机、调试、演示数据、代理）。"""
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    out = console()
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    try:
        django.setup()
    except ImproperlyConfigured as exc:
        out.print(f"[red]部署检查未通过：{exc}[/red]")
        raise typer.Exit(1) from None
    try:
        call_command("check", deploy=True, fail_level="WARNING")
    except SystemCheckError as exc:
        out.print(f"[red]{exc}[/red]", highlight=False)
        out.print("[red]部署检查未通过。[/red]")
        raise typer.Exit(1) from None
    out.print(f"部署检查通过（{settings_module}）。")
