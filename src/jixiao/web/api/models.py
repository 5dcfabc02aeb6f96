"""API tokens: what a script or an integrating system signs in with.

Only the SHA-256 of a token is stored, never the token itself: a leaked database (or a
backup) then gives nobody access. The short `prefix` is stored in clear so a request's
token is found by one indexed lookup and the user can tell their tokens apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """One bearer token of one user; revoked tokens stay listed (and in the audit log)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=16, unique=True)
    digest = models.CharField("SHA-256", max_length=64)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API令牌"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        """False once revoked."""
        return self.revoked is None
