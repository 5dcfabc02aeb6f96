"""`jixiao manage add_member`: create a user with a role, a unit or a region.

Units and regions are created on first mention, so a finance bureau can set up its units
from a spreadsheet with one command per row (or a shell loop) without the web UI.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jixiao.web.accounts.models import Membership, Region, Role, Unit, check_region_code
from jixiao.web.accounts.passwords import require_change
from jixiao.web.accounts.usernames import account_key


class Command(BaseCommand):
    """Create one user and their membership."""

    help = (
        "新建用户并指定角色：单位角色需 --region 与 --unit，审核人需 --region。"
        "该密码是初始密码，用户首次登录时须修改。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Arguments: username, role, password, region, unit."""
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--password", required=True)
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--email", default="", help="电子邮箱（用于找回密码）")
        parser.add_argument("--region", help="地区编码:名称，如 4309:益阳市")
        parser.add_argument("--unit", help="单位编码:名称，如 901001:益阳市司法局")

    @staticmethod
    def _pair(text: str | None, what: str) -> tuple[str, str]:
        if not text or ":" not in text:
            raise CommandError(f"{what}应写成“编码:名称”")
        code, name = text.split(":", 1)
        return code.strip(), name.strip()

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        """Create the user (refusing an existing name) and the membership."""
        role = Role(options["role"])
        scope: dict[str, Any] = {}
        if role != Role.ADMIN:
            code, name = self._pair(options["region"], "--region")
            try:
                check_region_code(code)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from None
            region, _ = Region.objects.get_or_create(code=code, defaults={"name": name})
            scope["region"] = region
        if role in (Role.UNIT_EDITOR, Role.UNIT_APPROVER):
            code, name = self._pair(options["unit"], "--unit")
            scope = {
                "unit": Unit.objects.get_or_create(
                    region=scope["region"], code=code, defaults={"name": name}
                )[0]
            }
        model = get_user_model()
        username = account_key(options["username"])
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            raise CommandError(
                f"用户名 {options['username']!r} 无效：只能由字母、数字和 @ . + - _ 组成"
            ) from None
        if model.objects.filter(username=username).exists():
            raise CommandError(f"用户 {username} 已存在")
        user = model.objects.create_user(
            username=username,
            password=options["password"],
            first_name=options["name"],
            email=options["email"],
        )
        Membership.objects.create(user=user, role=role, **scope)
        require_change(user, "管理员建立")  # the password was chosen by whoever ran this
        self.stdout.write(f"已创建 {user.username}（{role.label}）")
