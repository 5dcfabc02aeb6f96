"""WSGI entry point (`jixiao serve` runs it under waitress; any WSGI server can)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from jixiao.web.ops.collector import tune_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.dev")
application = get_wsgi_application()
tune_collector()  # a server process only: see ops/collector.py
