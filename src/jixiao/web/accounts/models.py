"""Who may do what: regions, units, each user's role, and the audit log.

A user has exactly one `Membership`: a unit role (editor/approver) ties them to one unit,
a reviewer role to one region, an administrator to none. Permission decisions are made in
`permissions.py` from these rows and nowhere else.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

REGION_CODE = re.compile(r"\d{2,12}")
"""An administrative-division code (行政区划代码): 43 Hunan, 4309 Yiyang, 430902 …"""


def check_region_code(code: object) -> None:
    """Refuse a region code that is not 2–12 digits (it becomes part of public URLs)."""
    if not isinstance(code, str) or REGION_CODE.fullmatch(code) is None:
        raise ValidationError(
            f"地区编码“{code}”无效：应为 2–12 位数字（行政区划代码，如 4309）。",
            code="region_code",
        )


class Region(models.Model):
    """A finance bureau's area (a city or county): reviewers see the units of one region.

    Its code is checked wherever a region is made (`save`, so objects.create and
    get_or_create too, and `clean` for forms); pages still tolerate an older odd value.
    """

    code = models.CharField("地区编码", max_length=32, unique=True)
    name = models.CharField("地区名称", max_length=100)

    def clean(self) -> None:
        """The form-level check (admin site)."""
        check_region_code(self.code)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every creation path goes through here: a bad code never reaches the table."""
        check_region_code(self.code)
        super().save(*args, **kwargs)

    class Meta:
        verbose_name = "地区"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A budget unit (部门/单位) that files one submission per fiscal year."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")
    code = models.CharField("预算编码", max_length=32)
    name = models.CharField("单位名称", max_length=200)
    supervising_department = models.CharField("主管部门", max_length=200, blank=True)

    class Meta:
        verbose_name = "单位"
        ordering = ["region", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="unit_code_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """The four signed-in roles; the anonymous public has no membership."""

    UNIT_EDITOR = "unit_editor", "单位填报人"
    UNIT_APPROVER = "unit_approver", "单位负责人"
    FINANCE_REVIEWER = "finance_reviewer", "财政审核人"
    ADMIN = "admin", "管理员"


class Membership(models.Model):
    """A user's role and where it applies (a unit for unit roles, a region for reviewers)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "用户角色"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=["unit_editor", "unit_approver"], unit__isnull=False)
                    | models.Q(role="finance_reviewer", region__isnull=False)
                    | models.Q(role="admin")
                ),
                name="membership_scope_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class AuditEvent(models.Model):
    """One line of the audit log: logins, failed logins, workflow transitions, restores.

    Rows are only ever added; the user name is copied so the log survives a deleted user.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOGIN_LOCKED = "login_locked", "登录被锁定"
        LOGOUT = "logout", "退出"
        TRANSITION = "transition", "状态变更"
        RESTORE = "restore", "恢复历史版本"
        CONFLICT = "conflict", "保存冲突"
        TOKEN = "token", "API令牌"
        UNLOCK = "unlock", "解除登录锁定"
        PASSWORD = "password", "密码变更"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("类型", max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    submission_id = models.BigIntegerField("填报编号", null=True, blank=True, db_index=True)
    detail: models.JSONField[Any, Any] = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计日志"
        ordering = ["-at", "-id"]


class LoginFailure(models.Model):
    """A failed login, kept to throttle guessing across processes (see `throttle.py`)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)


class PasswordChangeRequired(models.Model):
    """A user whose password was chosen by someone else (demo, `add_member`, an admin).

    The row exists until the user sets their own password; while it does, every page sends
    them to the password-change page (`middleware.PasswordChangeRequiredMiddleware`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_change"
    )
    since = models.DateTimeField("设置时间", auto_now_add=True)
    reason = models.CharField("原因", max_length=100, blank=True)

    class Meta:
        verbose_name = "须修改的初始密码"
