"""Tests: fast hashing, an in-memory-friendly database from DATABASE_URL, production checks on.

pytest-django creates a fresh test database; with DATABASE_URL unset that is SQLite, with
DATABASE_URL=postgres://… (as .ci/run sets for the second pass) it is PostgreSQL.
"""

from __future__ import annotations

from jixiao.web.settings.base import *  # noqa: F403
from jixiao.web.settings.base import PASSWORD_HASHERS

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
"""Argon2 stays configured (a test checks it); MD5 only makes fixture users fast to create."""
