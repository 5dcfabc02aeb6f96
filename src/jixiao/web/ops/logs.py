"""Log records that carry the request id, and a JSON formatter for log collectors.

Why a context variable: one request id set by the middleware reaches every log line the
request causes (services, the auditor, the renderer) without passing it around, and a
background job sets its own (`job-<id>`) so its lines can be found the same way.
"""

from __future__ import annotations

import contextvars
import json
import logging
from datetime import UTC, datetime
from typing import Any

__all__ = ["REQUEST_ID", "JsonFormatter", "RequestIdFilter"]

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_STANDARD = frozenset(vars(logging.makeLogRecord({})))
"""Attributes every record has; anything else was passed as `extra=` and is logged too."""


class RequestIdFilter(logging.Filter):
    """Stamp each record with the current request (or job) id."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record; only add `request_id`."""
        if not hasattr(record, "request_id"):
            record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record; exceptions go in `exc` as text."""
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", REQUEST_ID.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in out and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)
