"""`jixiao manage reset_password 用户名`: a temporary password for a user who forgot theirs.

For accounts without an e-mail address (the self-service reset needs one). The temporary
password is random, printed once, and must be changed at the next sign-in, like every
password someone else chose; the user's lockouts are lifted so they can use it at once.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jixiao.web.accounts import throttle
from jixiao.web.accounts.audit import record
from jixiao.web.accounts.models import AuditEvent
from jixiao.web.accounts.passwords import require_change
from jixiao.web.accounts.usernames import account_key


class Command(BaseCommand):
    """Set a random temporary password and require a change at the next sign-in."""

    help = "为用户设置一个随机临时密码（只显示这一次），用户下次登录时必须修改。"

    def add_arguments(self, parser: CommandParser) -> None:
        """Argument: the user name (any spelling)."""
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        """Set, mark, lift the lock, log, print."""
        username = account_key(options["username"])
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在")
        temporary = secrets.token_urlsafe(12)
        user.set_password(temporary)
        user.save(update_fields=["password"])
        require_change(user, "管理员重设")
        throttle.lift_account(username)
        record(AuditEvent.Kind.PASSWORD, username=username, how="reset_by_admin")
        self.stdout.write(f"{username} 的临时密码：{temporary}（下次登录时须修改）")
