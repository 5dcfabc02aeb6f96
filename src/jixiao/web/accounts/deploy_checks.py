"""The project's own deployment checks, run by `jixiao check-deploy` beside Django's.

Django's `check --deploy` knows its own settings (HSTS, secure cookies, the secret key's
length, DEBUG); these add what only this project knows: the demo world must not be in a
production database, the demo may not be loadable, the key must not be one printed in the
docs or tests, `*` is not a host list, and behind the HTTPS proxy the proxy must be named
(otherwise the SSL redirect loops, or anyone can claim to be the proxy).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, Tags, register
from django.db import DatabaseError

from jixiao.web.ops.proxy import parse_networks

KNOWN_KEYS = frozenset({"test-only-not-secret", "production-path-test"})
"""Keys that appear in this repository (tests, docs): never a production secret."""


@register(Tags.security, deploy=True)
def settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Secret key, hosts, debug pages, the demo switch."""
    found: list[CheckMessage] = []
    if settings.SECRET_KEY in KNOWN_KEYS:
        found.append(
            Error(
                "密钥 JIXIAO_SECRET_KEY 是文档或测试里出现过的值，请生成新的随机密钥。",
                id="jixiao.E001",
            )
        )
    if any(host.strip() in ("*", ".") for host in settings.ALLOWED_HOSTS):
        found.append(Error("JIXIAO_ALLOWED_HOSTS 不能是 *：请写明站点的域名。", id="jixiao.E002"))
    if settings.DEBUG:
        found.append(Error("生产环境不能打开调试页面（DEBUG）。", id="jixiao.E003"))
    if getattr(settings, "DEMO_ALLOWED", False):
        found.append(
            Error("这些设置允许载入演示数据（DEMO_ALLOWED），生产设置必须关闭。", id="jixiao.E005")
        )
    return found


@register(Tags.security, deploy=True)
def proxy_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Behind HTTPS the proxy's address must be configured, and must not be everyone."""
    entries = list(getattr(settings, "TRUSTED_PROXIES", []))
    try:
        networks = parse_networks(entries)
    except ValueError as exc:
        return [Error(str(exc), id="jixiao.E006")]
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not networks:
        return [
            Error(
                "未配置 HTTPS 反向代理的地址：设置 JIXIAO_TRUSTED_PROXIES（如 127.0.0.1），"
                "否则经代理的请求都被当作 HTTP，SSL 跳转会循环、HSTS 不会发送。",
                id="jixiao.E006",
            )
        ]
    if any(network.prefixlen == 0 for network in networks):
        return [
            Error(
                "JIXIAO_TRUSTED_PROXIES 不能信任所有地址（/0）：任何人都能冒充代理。",
                id="jixiao.E006",
            )
        ]
    return []


@register(Tags.security, Tags.database, deploy=True)
def accounts_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """No demo account with the demo password; how many initial passwords are unchanged."""
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import PasswordChangeRequired
    from jixiao.web.demo import DEMO_PASSWORD, DEMO_USERNAMES

    try:
        users = list(get_user_model().objects.filter(username__in=DEMO_USERNAMES))
        waiting = PasswordChangeRequired.objects.count()
    except DatabaseError as exc:
        return [
            Error(
                f"无法读取用户表（数据库未建立或未迁移？先运行 jixiao manage migrate）：{exc}",
                id="jixiao.E004",
            )
        ]
    found: list[CheckMessage] = []
    demo = sorted(u.get_username() for u in users if u.check_password(DEMO_PASSWORD))
    if demo:
        found.append(
            Error(
                f"数据库中有使用演示密码的演示账号：{'、'.join(demo)}。请删除演示数据或修改这些账号的密码。",
                id="jixiao.E004",
            )
        )
    if waiting:
        found.append(
            Info(f"{waiting} 个账号仍在使用初始密码（首次登录时会被要求修改）。", id="jixiao.I001")
        )
    return found
