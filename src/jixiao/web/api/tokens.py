"""Creating, revoking and checking API tokens (the only code that touches `ApiToken`).

A token reads `jx_<prefix>_<secret>`. The prefix finds the row; the SHA-256 of the whole
token is compared in constant time (`hmac.compare_digest`), so response timing tells an
attacker nothing about how much of a guessed token was right.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jixiao.web.accounts.audit import record
from jixiao.web.accounts.models import AuditEvent
from jixiao.web.api.models import ApiToken
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    User = AbstractBaseUser | AnonymousUser

MAX_ACTIVE = 20
"""Active tokens per user; more is a sign of tokens being made and forgotten."""
TOUCH_EVERY = timedelta(minutes=1)
"""`last_used` is written at most once a minute per token, not on every request."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    user: User, name: str, *, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """A new token for `user`; the secret is returned once and never stored."""
    if not user.is_authenticated:
        raise PermissionDenied("请先登录")
    name = name.strip()
    if not name:
        raise Refused("请填写令牌名称（例如用途或系统名）。")
    if len(name) > 100:
        raise Refused("令牌名称不能超过100个字。")
    if ApiToken.objects.filter(user_id=user.pk, revoked__isnull=True).count() >= MAX_ACTIVE:
        raise Refused(f"有效令牌最多{MAX_ACTIVE}个，请先吊销不用的令牌。")
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    secret = f"jx_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user_id=user.pk, name=name, prefix=prefix, digest=_digest(secret)
    )
    record(
        AuditEvent.Kind.TOKEN,
        actor=user,
        request=request,
        action="create",
        prefix=prefix,
        name=name,
    )
    return token, secret


def revoke_token(user: User, pk: int, *, request: HttpRequest | None = None) -> ApiToken:
    """Revoke one of the user's own tokens (someone else's token is 'not found')."""
    token = ApiToken.objects.filter(pk=pk, user_id=user.pk or 0).first()
    if token is None:
        raise Refused("找不到该令牌。", code="not_found")
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        record(
            AuditEvent.Kind.TOKEN,
            actor=user,
            request=request,
            action="revoke",
            prefix=token.prefix,
            name=token.name,
        )
    return token


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked ones included, marked)."""
    return list(ApiToken.objects.filter(user_id=user.pk or 0))


def user_for_token(presented: str) -> User | None:
    """The active user a presented token belongs to, or None (unknown, revoked, malformed)."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != "jx" or len(presented) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(presented)):
        return None
    if token.revoked is not None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    user: User = token.user
    return user
