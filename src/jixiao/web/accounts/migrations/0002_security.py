"""Security (issue 11): audit kinds, forced password change, normalised user names."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.migrations.state import StateApps

from jixiao.web.accounts.usernames import account_key


def normalise_usernames(apps: StateApps, schema_editor: Any) -> None:
    """Store existing user names as their account keys (issue 11, item 5).

    A name whose key another user already has is left as it was (the sign-in backend still
    finds it by its exact spelling) and named on the console for the administrator.
    """
    User = apps.get_model(settings.AUTH_USER_MODEL)
    taken = set(User.objects.values_list("username", flat=True))
    for user in User.objects.order_by("pk").only("pk", "username"):
        key = account_key(user.username)
        if key == user.username:
            continue
        if key in taken:
            print(
                f"用户名 {user.username!r} 规范化后与已有用户 {key!r} 重复，保留原样，请管理员处理。"
            )
            continue
        taken.discard(user.username)
        taken.add(key)
        User.objects.filter(pk=user.pk).update(username=key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("login", "登录"),
                    ("login_failed", "登录失败"),
                    ("login_locked", "登录被锁定"),
                    ("logout", "退出"),
                    ("transition", "状态变更"),
                    ("restore", "恢复历史版本"),
                    ("conflict", "保存冲突"),
                    ("token", "API令牌"),
                    ("unlock", "解除登录锁定"),
                    ("password", "密码变更"),
                ],
                max_length=32,
                verbose_name="类型",
            ),
        ),
        migrations.CreateModel(
            name="PasswordChangeRequired",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("since", models.DateTimeField(auto_now_add=True, verbose_name="设置时间")),
                ("reason", models.CharField(blank=True, max_length=100, verbose_name="原因")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="password_change",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "须修改的初始密码",
            },
        ),
        migrations.RunPython(normalise_usernames, migrations.RunPython.noop),
    ]
