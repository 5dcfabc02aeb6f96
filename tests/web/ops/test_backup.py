"""Backup → damage → restore gives back every row and file (on SQLite and PostgreSQL:
the test runs in both passes of scripts/test.sh, with the database of the pass)."""

from __future__ import annotations

import tarfile
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.storage import default_storage
from tests.web.conftest import build_world

from jixiao.web.accounts.models import AuditEvent
from jixiao.web.jobs import services
from jixiao.web.jobs.models import Job, Kind
from jixiao.web.ops.backup import BackupError, backup, restore, table_counts
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


def _history() -> list[tuple[Any, ...]]:
    return list(
        Submission.history.order_by("history_id").values_list(
            "history_id", "history_date", "version", "status"
        )
    )


def test_backup_then_restore_gives_back_rows_history_and_files(
    transactional_db: None, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"
    world = build_world()
    job = Job.objects.create(kind=Kind.RENDER, title="报告", owner=world.users["editor"])
    stored = services.save_file(job, "result.txt", "报告内容".encode())
    counts, history = table_counts(), _history()
    archive = tmp_path / "backup.tar.gz"
    manifest = backup(archive)
    assert manifest.counts == counts and counts["submissions_historicalsubmission"] >= 3

    Submission.objects.update(data={})
    AuditEvent.objects.all().delete()
    default_storage.delete(stored)

    restored, now = restore(archive)
    assert now == counts == restored.counts
    assert _history() == history
    assert all(s.data for s in Submission.objects.all())
    with default_storage.open(stored) as handle:
        assert handle.read().decode() == "报告内容"


def test_an_archive_with_unsafe_paths_is_refused(transactional_db: None, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text("x")
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as out:
        out.add(evil, "../../escape.txt")
    with pytest.raises(BackupError, match="不安全的路径"):
        restore(archive)


def test_a_file_that_is_not_a_backup_is_refused(transactional_db: None, tmp_path: Path) -> None:
    archive = tmp_path / "x.tar.gz"
    archive.write_bytes(b"not a tar")
    with pytest.raises(BackupError, match="无法打开备份文件"):
        restore(archive)
