"""`jixiao manage load_demo`: the demo world (what `jixiao serve` loads on an empty database)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jixiao.web.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    """Load the demo data into an empty database."""

    help = "在空数据库中载入演示数据并列出演示账号。"

    def handle(self, *args: Any, **options: Any) -> None:
        """Refuse under production settings and on a database that already has users."""
        if not settings.DEMO_ALLOWED:
            raise CommandError("当前是生产设置，不能载入演示数据（演示账号的密码是公开的）。")
        if get_user_model().objects.exists():
            raise CommandError("数据库中已有用户，演示数据只能载入空数据库。")
        for login in load_demo():
            self.stdout.write(f"{login.username}\t{login.role}\t{login.scope}\t{DEMO_PASSWORD}")
