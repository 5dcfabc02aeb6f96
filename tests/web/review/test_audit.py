"""Report audit uploads: the reference report's contradiction, hostile files, reopening."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.conftest import SHARED

from jixiao.web.review.models import AuditRun

if TYPE_CHECKING:
    from tests.web.conftest import World

REFERENCE = SHARED / "reference" / "yiyang-justice-2022-self-evaluation.txt"
if not REFERENCE.exists():  # the copy kept in the repository's examples
    REFERENCE = Path(__file__).resolve().parents[3] / "examples" / REFERENCE.name
AUDIT = reverse("review:audit")


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_reference_report_finds_the_5465_contradiction(world: World) -> None:
    client = world.client("reviewer")
    response = client.post(AUDIT, {"files": _upload("yiyang.txt", REFERENCE.read_bytes())})
    assert response.status_code == 302
    run = AuditRun.objects.get()
    assert run.errors > 0 and len(run.sha256) == 64
    sums = [p for p in run.findings["problems"] if p["code"] == "audit.sum-mismatch"]
    assert any("5465.6" in p["message"] and "5149.16" in p["message"] for p in sums)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<mark class="error"' in html
    assert "style=" not in html
    marked = [p.text for p in page.context["pieces"] if p.number]
    assert any("5465.60" in text for text in marked)


def test_several_files_at_once_and_list(world: World) -> None:
    client = world.client("reviewer")
    files = [_upload("a.txt", "本年总支出100万元。".encode()), _upload("b.html", b"<p>hello</p>")]
    response = client.post(AUDIT, {"files": files})
    assert response.status_code == 200
    assert AuditRun.objects.count() == 2
    assert "a.txt" in response.content.decode()


def test_the_list_reads_counts_not_the_documents(world: World) -> None:
    # Fifty long reports on the list would otherwise load fifty documents' text and findings.
    client = world.client("reviewer")
    client.post(AUDIT, {"files": _upload("yiyang.txt", REFERENCE.read_bytes())})
    with CaptureQueriesContext(connection) as queries:
        html = client.get(AUDIT).content.decode()
    assert "yiyang.txt" in html
    [listed] = [q["sql"] for q in queries.captured_queries if "review_auditrun" in q["sql"]]
    assert '"errors"' in listed
    assert '"text"' not in listed and '"findings"' not in listed


def test_hostile_uploads_give_messages_not_errors(world: World) -> None:
    client = world.client("reviewer")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    # A file of an accepted type that cannot be read is kept as a run whose one finding
    # says why, in Chinese, naming the file; the page showing it opens.
    unreadable = {
        "junk.docx": bytes(range(256)) * 100,
        "bomb.docx": bomb.getvalue(),
        "junk.pdf": b"%PDF-1.4 garbage" + bytes(range(256)) * 10,
    }
    for name, data in unreadable.items():
        response = client.post(AUDIT, {"files": _upload(name, data)})
        assert response.status_code == 302, name
        run = AuditRun.objects.get(file_name=name)
        [problem] = run.findings["problems"]
        assert run.errors == 1 and problem["code"] == "audit.unreadable", name
        assert problem["message"].startswith("无法读取报告") and name in problem["message"]
        assert client.get(response["Location"]).status_code == 200, name
    # An empty file or one of another type is refused before any run is stored.
    refused = {
        "empty.txt": (b"", "是空文件，未核查"),
        "virus.exe": (b"MZ\x90\x00", "不是 txt、docx、pdf 或 html 文件，未核查"),
    }
    for name, (data, says) in refused.items():
        response = client.post(AUDIT, {"files": _upload(name, data)})
        assert response.status_code == 400, name
        assert [str(m) for m in get_messages(response.wsgi_request)] == [f"“{name}”{says}。"]
    assert AuditRun.objects.count() == len(unreadable)
    assert client.post(AUDIT, {}).status_code == 400


@override_settings(UPLOAD_LIMIT_BYTES=1000)
def test_oversize_upload_is_413(world: World) -> None:
    response = world.client("reviewer").post(AUDIT, {"files": _upload("big.txt", b"x" * 2000)})
    assert response.status_code == 413
    assert "上限" in response.content.decode()
    assert not AuditRun.objects.exists()


def test_other_region_cannot_reopen_a_run(world: World) -> None:
    world.client("reviewer").post(AUDIT, {"files": _upload("a.txt", "总支出100万元".encode())})
    run = AuditRun.objects.get()
    url = reverse("review:audit_run", kwargs={"pk": run.pk})
    assert world.client("other_reviewer").get(url).status_code == 404
    assert world.client("admin").get(url).status_code == 200
    assert world.client("editor").get(url).status_code == 403
