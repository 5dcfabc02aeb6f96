"""Jobs in the web process (the queue runs them inside the request in tests).

The production path (Redis, PostgreSQL, separate worker processes, a kill in the middle
of a batch) is `test_production.py`; here: what each kind produces, the bounds on an
uploaded zip, and the rules that make jobs safe to repeat (key, claim, item once,
recovery, failure, schedule).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.web.conftest import SUBMIT, World, advance
from tests.web.jobs.reports import reports_zip

from jixiao.web.accounts.models import Unit
from jixiao.web.jobs import kinds, runner, schedule, services
from jixiao.web.jobs.kinds import KINDS
from jixiao.web.jobs.models import Item, Job, Kind, State
from jixiao.web.review.models import AuditRun
from jixiao.web.submissions.models import Submission


def _upload(world: World, data: bytes, name: str = "报告.zip", who: str = "reviewer") -> Any:
    client = world.client(who)
    return client, client.post(
        reverse("jobs:audit_batch"), {"archive": SimpleUploadedFile(name, data)}
    )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_batch_summary_reads_counts_not_the_documents(world: World) -> None:
    # Hundreds of reports: the summary must not load every document's text and findings.
    with CaptureQueriesContext(connection) as queries:
        _client, response = _upload(world, reports_zip(3))
    assert response.status_code == 302
    assert Job.objects.get().state == State.DONE
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "review_auditrun" in q["sql"]
    ]
    assert reads and all('"errors"' in sql for sql in reads)
    assert not any('"text"' in sql or '"findings"' in sql for sql in reads)


def test_batch_audit_runs_every_report_once_and_offers_a_summary(world: World) -> None:
    client, response = _upload(world, reports_zip(12))
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.state, job.done, job.total) == (State.DONE, 12, 12)
    assert job.message == "已核查12份报告：6份发现错误。"
    assert AuditRun.objects.count() == 12
    refs = [r for r in Item.objects.values_list("ref", flat=True) if r is not None]
    assert sorted(refs) == sorted(AuditRun.objects.values_list("pk", flat=True))
    page = client.get(response["Location"]).content.decode()
    assert "已完成" in page and "第001号单位自评报告.txt" in page and "下载 核查汇总.csv" in page
    assert 'value="100"' in page  # the progress bar is full
    rows = list(
        csv.reader(
            io.StringIO(
                _body(client.get(reverse("jobs:download", args=[job.pk]))).decode("utf-8-sig")
            )
        )
    )
    assert rows[0] == ["序号", "文件", "错误", "警告", "提示", "说明"]
    assert [r[2] for r in rows[1:4]] == ["1", "0", "1"]


def test_the_same_zip_twice_is_the_same_job(world: World) -> None:
    data = reports_zip(3)
    _upload(world, data)
    _, again = _upload(world, data, name="再传一次.zip")
    assert Job.objects.count() == 1
    assert AuditRun.objects.count() == 3
    assert again["Location"] == reverse("jobs:detail", args=[Job.objects.get().pk])


def test_gbk_member_names_are_shown_in_chinese(world: World) -> None:
    _upload(world, reports_zip(2, gbk_names=True))
    assert list(Item.objects.values_list("name", flat=True)) == [
        "第001号单位自评报告.txt",
        "第002号单位自评报告.txt",
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "不是有效的 zip 压缩包"),
        (_zip({"说明.doc": b"x"}), "没有 txt、docx、pdf 或 html 格式的报告"),
        (_zip({"炸弹.txt": b"0" * 5_000_000}), "压缩比异常"),
    ],
)
def test_a_zip_that_cannot_be_taken_says_why(world: World, data: bytes, message: str) -> None:
    client, response = _upload(world, data)
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()
    assert not Job.objects.exists()


@override_settings(BATCH_MAX_FILES=3)
def test_too_many_reports_are_refused_before_anything_runs(world: World) -> None:
    client, response = _upload(world, reports_zip(4))
    assert "超过3份" in client.get(response["Location"]).content.decode()
    assert not Job.objects.exists()


def test_members_that_are_not_reports_are_listed_as_skipped(world: World) -> None:
    client, response = _upload(
        world, _zip({"a.txt": "本年总支出100万元。".encode(), "b.xls": b"x"})
    )
    page = client.get(response["Location"]).content.decode()
    assert "“b.xls”不是 txt、docx、pdf 或 html 文件，未核查。" in page


def _job(owner: Any, **fields: Any) -> Job:
    job, _ = services.request(
        kind=Kind.REMINDERS, title="测试", owner=owner, key="", params={}, items=[]
    )
    Job.objects.filter(pk=job.pk).update(**fields)
    return Job.objects.get(pk=job.pk)


def test_a_job_is_claimed_once(world: World) -> None:
    job = _job(world.users["reviewer"], state=State.QUEUED)
    assert services.claim(job.pk, "host:1") is not None
    assert services.claim(job.pk, "host:2") is None
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services.claim(job.pk, "host:2") is not None  # the lease ran out: taken over


def test_an_item_is_stored_once(world: World) -> None:
    job, _ = services.request(
        kind=Kind.REMINDERS, title="测试", owner=None, key="", params={}, items=["a"]
    )
    item = job.items.get()
    stored: list[int] = []

    def store(value: int) -> int:
        stored.append(value)
        return value

    assert services.item_done(item, store=lambda: store(7))
    assert not services.item_done(item, store=lambda: store(8))
    item.refresh_from_db()
    assert (stored, item.ref, item.done) == ([7], 7, True)


def test_recover_queues_again_what_a_dead_worker_held(world: World, monkeypatch: Any) -> None:
    ran: list[int] = []
    monkeypatch.setattr(services, "enqueue", ran.append)
    expired = _job(
        None,
        state=State.RUNNING,
        worker="elsewhere:1",
        lease_until=timezone.now() - timedelta(seconds=5),
    )
    dead = _job(
        None,
        state=State.RUNNING,
        worker="here:999999999",
        lease_until=timezone.now() + timedelta(hours=1),
    )
    alive = _job(
        None,
        state=State.RUNNING,
        worker="elsewhere:2",
        lease_until=timezone.now() + timedelta(hours=1),
    )
    lost = _job(None, state=State.QUEUED, lease_until=timezone.now() - timedelta(seconds=5))
    assert sorted(services.recover(host="here")) == sorted([expired.pk, dead.pk, lost.pk])
    assert services.recover(host="here") == []  # nothing new to move on a second sweep
    assert Job.objects.get(pk=alive.pk).state == State.RUNNING
    assert Job.objects.get(pk=expired.pk).state == State.QUEUED


def test_a_job_that_keeps_failing_stops_with_a_message(world: World, monkeypatch: Any) -> None:
    def broken(run: runner.Run) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(KINDS, Kind.REMINDERS, broken)
    job = _job(None, key="k1")
    for _ in range(3):
        Job.objects.filter(pk=job.pk).update(state=State.QUEUED)
        runner.execute(job.pk, "host:1", heartbeat=False)
    job.refresh_from_db()
    assert job.state == State.FAILED and job.failures == 2
    assert "多次出错" in job.message
    assert job.key == ""  # asking again makes a new job


def test_every_kind_loads_and_a_broken_one_fails_at_once(monkeypatch: Any) -> None:
    # Kinds are imported on first use; the worker imports them all when it starts
    # (`load_all`), so a kind module that cannot be imported stops it loudly.
    assert set(KINDS) == set(kinds.MODULES) == set(Kind.values)
    kinds.load_all()
    for kind, name in kinds.MODULES.items():
        assert kinds.runner(kind) is getattr(kinds, name).run
    monkeypatch.setitem(kinds.MODULES, Kind.REMINDERS, "no_such_kind")
    with pytest.raises(ImportError):
        kinds.load_all()


def _units_with_mail(world: World) -> None:
    for key in ("editor", "approver", "other_editor"):
        user = world.users[key]
        user.email = f"{key}@example.cn"
        user.save()


def test_reminders_go_to_units_that_have_not_sent(world: World) -> None:
    _units_with_mail(world)
    client = world.client("reviewer")
    response = client.post(reverse("jobs:reminders"), {"year": 2023, "deadline": "2024-04-30"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == State.DONE
    assert len(mail.outbox) == 1  # only the home region's unit; the other region is not ours
    assert mail.outbox[0].to == ["approver@example.cn", "editor@example.cn"]
    assert "2024年04月30日" in mail.outbox[0].subject
    advance(world, "clean", *SUBMIT)
    again = client.post(reverse("jobs:reminders"), {"year": 2023, "deadline": "2024-04-30"})
    assert "无需提醒" in client.get(again["Location"]).content.decode()


def test_the_schedule_starts_a_job_once_per_minute(world: World) -> None:
    _units_with_mail(world)
    entry = {
        "name": "截止提醒",
        "kind": Kind.REMINDERS,
        "cron": "0 9 * * *",
        "params": {"year": 2023, "deadline": "2024-04-30"},
    }
    nine = timezone.make_aware(datetime(2024, 4, 25, 9, 0))
    with override_settings(JOB_SCHEDULE=[entry]):
        assert schedule.start_due(nine - timedelta(minutes=1)) == []
        first = schedule.start_due(nine)
        second = schedule.start_due(nine + timedelta(seconds=30))
    assert len(first) == 2 and {j.pk for j in first} == {j.pk for j in second}  # two regions
    assert len(mail.outbox) == 2


def test_a_schedule_entry_of_a_kind_that_cannot_be_scheduled_is_refused_at_start() -> None:
    entry = {"name": "x", "kind": Kind.RENDER, "cron": "0 9 * * *"}
    with (
        override_settings(JOB_SCHEDULE=[entry]),
        pytest.raises(schedule.ScheduleError, match="无法定时"),
    ):
        schedule.validate()


def test_a_malformed_schedule_entry_is_an_error(world: World) -> None:
    with (
        override_settings(JOB_SCHEDULE=[{"name": "x", "kind": Kind.REMINDERS, "cron": "0 9"}]),
        pytest.raises(schedule.ScheduleError, match="5 段"),
    ):
        schedule.start_due()


def test_region_reports_zip_has_a_folder_per_unit(world: World) -> None:
    advance(world, "clean", *SUBMIT)
    client = world.client("reviewer")
    response = client.post(reverse("jobs:region_reports"), {"year": 2023, "format": "docx"})
    job = Job.objects.get()
    assert job.state == State.DONE, job.message
    archive = zipfile.ZipFile(
        io.BytesIO(_body(client.get(reverse("jobs:download", args=[job.pk]))))
    )
    names = archive.namelist()
    assert names and all(n.startswith("甲单位2023年度/") and n.endswith(".docx") for n in names)
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])


def test_region_reports_keep_same_named_units_apart(world: World) -> None:
    """Two units of one name (and one with dots and a slash) each get their own folder."""
    sub = advance(world, "clean", *SUBMIT)
    for code, name in (("901002", "甲单位"), ("901003", "甲.单位/v2 🎉")):
        twin = Submission.objects.get(pk=sub.pk)
        twin.pk = None
        twin.unit = Unit.objects.create(region=world.regions["home"], code=code, name=name)
        twin.save()
    client = world.client("reviewer")
    client.post(reverse("jobs:region_reports"), {"year": 2023, "format": "docx"})
    job = Job.objects.get()
    assert job.state == State.DONE, job.message
    archive = zipfile.ZipFile(
        io.BytesIO(_body(client.get(reverse("jobs:download", args=[job.pk]))))
    )
    names = archive.namelist()
    folders = sorted({n.split("/")[0] for n in names})
    assert folders == ["甲_单位_v2_🎉2023年度", "甲单位2023年度", "甲单位2023年度-2"], folders
    assert len(names) == len(set(names)) == 3 * len([n for n in names if "年度-2/" in n])


def test_region_reports_without_submissions_says_so(world: World) -> None:
    client = world.client("reviewer")
    response = client.post(reverse("jobs:region_reports"), {"year": 2023, "format": "docx"})
    assert "还没有报送到财政的自评" in client.get(response["Location"]).content.decode()


def test_health_reports_database_and_queue(client: Any, db: None) -> None:
    body = client.get("/healthz").json()
    assert body["database"] == "ok" and body["queue"] == "ok" and body["status"] == "ok"
    assert client.get("/readyz").json() == {"status": "ok"}


def test_every_response_carries_a_request_id(client: Any, db: None) -> None:
    given = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert given["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="<bad id>")
    assert len(made["X-Request-ID"]) == 32


def test_old_finished_jobs_are_purged_with_their_files(world: World) -> None:
    job = _job(world.users["editor"])
    stored = services.save_file(job, "result.txt", b"x")
    services.finish(job, "done", file=stored)
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(days=31))
    fresh = _job(world.users["editor"])
    services.finish(fresh, "done")
    assert services.purge(30) == 1
    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(stored)
