"""Production: behind HTTPS, PostgreSQL, secrets from the environment, no debug pages.

Starting with a missing secret or host list fails loudly instead of running insecurely.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from jixiao.web.settings.base import *  # noqa: F403
from jixiao.web.settings.base import QUEUE_NAME, QUEUE_URL, queue


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"生产环境必须设置环境变量 {name}")
    return value


DEBUG = False
SECRET_KEY = _required("JIXIAO_SECRET_KEY")
ALLOWED_HOSTS = _required("JIXIAO_ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [
    origin for origin in os.environ.get("JIXIAO_CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("JIXIAO_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False  # preloading is a decision for the site owner, not a default
SILENCED_SYSTEM_CHECKS = ["security.W021"]
"""W021 asks for HSTS preloading: a one-way commitment of the whole domain that the site
owner makes, not this program (`jixiao check-deploy` fails on every other warning)."""
DEMO_ALLOWED = False

HUEY = queue(QUEUE_URL, QUEUE_NAME)
