"""Settings shared by every environment.

The database comes from `DATABASE_URL` (SQLite in the data folder by default; PostgreSQL in
production), so the same code and the same tests run on both. Everything secret or
site-specific is read from the environment in `prod.py`, never written here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import dj_database_url

from jixiao.formats.limits import MAX_WORKBOOK_BYTES as EXCEL_MAX_FILE_BYTES

WEB_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR", "jixiao-data")).resolve()
"""Where the SQLite file, uploads and generated reports live (`jixiao serve` creates it)."""

SQLITE_OPTIONS: dict[str, Any] = {
    # WAL lets readers go on while one writer saves; IMMEDIATE takes the write lock when a
    # transaction starts, so two concurrent saves queue instead of failing with "locked".
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}


def database(url: str | None = None) -> dict[str, Any]:
    """The default database from a URL; SQLite gets the options above."""
    default = f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url or os.environ.get("DATABASE_URL") or default, conn_max_age=60)
    )
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = 0
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "jixiao.web.accounts",
    "jixiao.web.submissions",
    "jixiao.web.review",
    "jixiao.web.publishing",
    "jixiao.web.api",
    "jixiao.web.jobs",
    "jixiao.web.imports",
    "jixiao.web.notices",
    "jixiao.web.scoring",
    "jixiao.web.loop",
]

MIDDLEWARE = [
    "jixiao.web.ops.proxy.TrustedProxyMiddleware",
    "jixiao.web.ops.middleware.RequestIdMiddleware",
    "jixiao.web.ops.memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jixiao.web.accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jixiao.web.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.accounts.context.role",
                "jixiao.web.notices.context.notices",
            ],
        },
    }
]

PASSWORD_HASHERS = [
    "jixiao.web.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 24 * 3600
"""A password-reset link works for one day (Django's default is three)."""
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = ["jixiao.web.accounts.backends.NormalisedModelBackend"]
"""Users are looked up by the normalised account key (accounts/usernames.py)."""

LOGIN_THROTTLE = {
    "failures": 5,
    "window_seconds": 900,
    "address_failures": 50,
    "address_delay_seconds": 1,
    "address_delay_max_seconds": 8,
    "delay_slots": 2,
}
"""Five failed logins for one account lock it for 15 minutes at the addresses they came from
(a clean address may still sign in); fifty from one address slow every attempt from it by
1 s, doubling as the count doubles, at most 8 s, and never lock it: a whole bureau may sit
behind one NAT address. At most two slowed attempts per process wait at once; more are
turned away to retry, so waiting never occupies every server thread (accounts/throttle.py,
docs/security.md)."""

DEMO_ALLOWED = False
"""Whether `jixiao serve --demo` / `manage load_demo` may load the demo world (dev and
test settings only; production refuses, and `jixiao check-deploy` fails if it is on)."""

TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("JIXIAO_TRUSTED_PROXIES", "").split(",") if p.strip()
]
"""Addresses or networks of the HTTPS reverse proxy (nginx), e.g. 127.0.0.1: only requests
from them may say they came over HTTPS (X-Forwarded-Proto) and for whom (X-Forwarded-For);
see web/ops/proxy.py."""

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = os.environ.get("JIXIAO_STATIC_ROOT") or None
"""Only for `collectstatic` behind a separate web server; WhiteNoise serves from the apps."""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
"""Serve static files straight from the app folders: `jixiao serve` needs no collectstatic."""

UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024
"""Largest report upload accepted (10 MB); a bigger one is refused with a message."""
EXCEL_UPLOAD_LIMIT_BYTES = EXCEL_MAX_FILE_BYTES
"""Largest Excel upload: the safety scan's own bound on the file (100 MB), so the pages take
every workbook `jixiao import` takes. The work is bounded by the scan, not by this: value
cells, the box each reader allocates, inflated bytes and ratios are all checked before any
reader runs (formats/excel/safety.py). A province's 200,000 indicator rows exported by
jixiao are 17.6 MB, above the old 10 MB."""
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 25_000
"""Fields of one post. The list tabs post one page (50 rows; ~6,000 inputs for projects of
ten indicators), so this is per page, not per unit; `formspec.MAX_FIELDS` (20,000) refuses
first with its own message, and this guards every other form."""
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_LIMIT_BYTES

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not from the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)
"""No inline script or style anywhere: pages load /static/ files only (htmx is vendored)."""

JIXIAO_PROFILE = os.environ.get("JIXIAO_PROFILE", "")
"""The check profile for every unit (an id under rules/profiles, or a file); empty = each
unit's by its region code (`rules.profiles.profile_for_region`: Sichuan's for 51xxxx)."""

MEDIA_ROOT = DATA_DIR / "files"
"""Files the app keeps (job inputs and results: rendered reports, uploaded zips). App
servers and workers must see the same folder (one host, or a shared mount)."""

QUEUE_URL = os.environ.get("JIXIAO_QUEUE_URL", "")
"""redis://host:6379/0 in production; empty = the embedded queue (a SQLite file beside the
database), which needs no extra service for `jixiao serve` on one machine."""


def queue(url: str, name: str) -> dict[str, Any]:
    """Huey's settings for a queue URL (see docs/deployment.md for the choice of Huey).

    Called by dev and prod (tests run jobs in the request): the embedded queue's file is
    opened when Django starts, so its folder is made here.
    """
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"huey_class": "huey.RedisHuey", "name": name, "url": url, "immediate": False}
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the queue file is opened when Django starts
    return {
        "huey_class": "huey.SqliteHuey",
        "name": name,
        "filename": str(DATA_DIR / "queue.sqlite3"),
        "immediate": False,
    }


QUEUE_NAME = os.environ.get("JIXIAO_QUEUE_NAME", "jixiao")
"""Keeps two sites (or two test runs) on one Redis apart."""

JOB_LEASE_SECONDS = int(os.environ.get("JIXIAO_JOB_LEASE_SECONDS", "60"))
"""A running job's worker renews its lease every third of this; a job whose lease ran out
(its worker died on another host) is queued again by the next sweep."""
JOB_KEEP_DAYS = int(os.environ.get("JIXIAO_JOB_KEEP_DAYS", "30"))
"""Finished jobs and their files are deleted after this many days (results are re-made on
request; batch audits keep their audit records)."""
JOB_MAX_FAILURES = 3
"""A job that raised this many times is marked failed, with a message for its owner."""
JOB_SCHEDULE: list[dict[str, Any]] = json.loads(os.environ.get("JIXIAO_SCHEDULE", "[]"))
"""Scheduled jobs as JSON: [{"name", "kind", "cron": "m h dom mon dow", "params"}]; checked
when a worker starts (docs/deployment.md)."""
BATCH_UPLOAD_LIMIT_BYTES = 300 * 1024 * 1024
"""Largest zip of published reports one batch audit accepts (300 MB: 300 reports of 1 MB)."""
BATCH_MAX_FILES = 1000

CONVERTER_URL = os.environ.get("JIXIAO_CONVERTER_URL", "")
"""A running unoserver (http://127.0.0.1:2003) to convert with; empty = each worker starts
its own warm LibreOffice, falling back to one soffice call per batch."""

EMAIL_BACKEND = os.environ.get(
    "JIXIAO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
"""Without a mail server the reminders are written as files (one per message) to read or
forward; production sets JIXIAO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend."""
EMAIL_HOST = os.environ.get("JIXIAO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("JIXIAO_EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("JIXIAO_EMAIL_FROM", "jixiao@localhost")
NOTIFY_BY_EMAIL = os.environ.get("JIXIAO_NOTIFY_EMAIL", "") == "1"
"""Besides the in-app notification, e-mail each move and reminder to the people concerned
(through EMAIL_BACKEND) — on only when a mail server is configured."""
SITE_URL = os.environ.get("JIXIAO_SITE_URL", "").rstrip("/")
"""The site's address as users reach it (https://jixiao.example.gov.cn), for links in e-mail."""

LOG_FORMAT = os.environ.get("JIXIAO_LOG_FORMAT", "text")
"""`json` writes one JSON object per line (time, level, logger, message, request id)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jixiao.web.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "jixiao.web.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "loggers": {
        "jixiao": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One line per request and per task: for log collectors (JSON), not for the
        # terminal of someone running `jixiao serve` on a laptop.
        "jixiao.request": {
            "handlers": ["console"],
            "level": "INFO" if LOG_FORMAT == "json" else "WARNING",
            "propagate": False,
        },
        "huey": {
            "handlers": ["console"],
            "level": "INFO" if LOG_FORMAT == "json" else "WARNING",
            "propagate": False,
        },
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
