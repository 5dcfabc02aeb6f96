"""The production path end to end: gunicorn with two processes, job workers, Redis, and
the database of the pass (PostgreSQL in the second pass of scripts/test.sh).

A reviewer uploads a zip of 300 published reports through the real page; the job page's
progress moves; the worker is killed (SIGKILL) in the middle of the batch and a new one is
started; the batch finishes with every report audited exactly once: one audit record per
report, and no report started twice except the one the kill cut short.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pytest
from bench.web_load import Browser
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from tests.web.jobs.reports import reports_zip
from tests.web.jobs.stack import stack

from jixiao.web.accounts.models import Membership, Region, Role
from jixiao.web.jobs.models import Item, Job, State
from jixiao.web.review.models import AuditRun

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

REPORTS = 300
PASSWORD = "production-path-pass-1"


def _reviewer() -> None:
    region = Region.objects.create(code="4309", name="益阳市")
    user = get_user_model().objects.create(
        username="shenhe", password=make_password(PASSWORD, hasher="argon2")
    )
    Membership.objects.create(user=user, role=Role.FINANCE_REVIEWER, region=region)


def _wait(what: str, test: object, seconds: float, logs: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not test():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{logs[-3000:]}")
        time.sleep(0.1)


def test_batch_audit_survives_a_killed_worker(transactional_db: None, tmp_path: Path) -> None:
    _reviewer()
    with stack(tmp_path) as running:
        running.start_server(processes=2)
        browser = Browser("127.0.0.1", running.port)
        browser.login("shenhe", PASSWORD)
        assert browser.get("/review/audit/").status == 200
        reply = browser.post_file(
            "/jobs/audit-batch/", "archive", "年度报告.zip", reports_zip(REPORTS, body=60)
        )
        assert reply.status == 302, reply.text[:500]
        job_id = int(re.fullmatch(r"/jobs/(\d+)/", reply.headers["Location"]).group(1))  # type: ignore[union-attr]
        page = browser.get(f"/jobs/{job_id}/").text
        assert "排队中" in page and "<progress" in page  # no worker yet: queued, bar at 0

        first = running.start_worker()
        _wait(
            "a third of the batch",
            lambda: Job.objects.get(pk=job_id).done >= REPORTS // 3,
            120,
            running.log("worker-0.log"),
        )
        running.kill(first)
        cut = Job.objects.get(pk=job_id)
        assert cut.state == State.RUNNING and cut.done < REPORTS
        fragment = browser.get(f"/jobs/{job_id}/progress/").text
        assert f"{cut.done} / {REPORTS}" in fragment and 'hx-trigger="every 2s"' in fragment

        running.start_worker()
        _wait(
            "the batch to finish",
            lambda: Job.objects.get(pk=job_id).state == State.DONE,
            180,
            running.log("worker-1.log"),
        )
        job = Job.objects.get(pk=job_id)
        assert (job.done, job.total) == (REPORTS, REPORTS)
        assert AuditRun.objects.count() == REPORTS
        assert AuditRun.objects.values("file_name").distinct().count() == REPORTS
        items = Item.objects.filter(job=job)
        assert items.filter(done=True).count() == REPORTS
        assert items.filter(attempts__gt=1).count() <= 2  # the items in flight when killed
        assert items.filter(attempts=0).count() == 0
        status = browser.get(f"/jobs/{job_id}/status.json").json()
        assert status["state"] == "done" and status["percent"] == 100
        summary = browser.get(f"/jobs/{job_id}/file/")
        assert summary.status == 200 and summary.body.decode("utf-8-sig").count("\n") == REPORTS + 1
        health = browser.get("/healthz").json()
        assert health["queue"] == "ok" and health["database"] == "ok" and health["workers"] >= 1
        assert '"request_id"' in running.log("server.log")  # JSON logs with request ids
