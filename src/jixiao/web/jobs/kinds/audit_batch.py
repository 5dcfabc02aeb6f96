"""A reviewer's zip of published reports, audited one by one with progress.

Each report becomes an item; its audit run (the same record a single upload makes) is
stored together with marking the item done, so a worker killed in the middle and started
again carries on from the first report not stored, and none is stored twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import default_storage

from jixiao.core.cells import neutral
from jixiao.core.problems import count_by_severity
from jixiao.web.accounts.permissions import membership, require_reviewer
from jixiao.web.jobs import services, zips
from jixiao.web.jobs.models import Item, Job, Kind
from jixiao.web.review.models import AuditRun
from jixiao.web.review.services import run_audit, store_audit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

    from jixiao.pipeline import AuditResult
    from jixiao.web.jobs.runner import Run


def request(
    user: AbstractBaseUser | AnonymousUser, upload: UploadedFile[bytes]
) -> tuple[Job, list[str]]:
    """Check the zip's bounds, keep it, and make the job; also the members skipped."""
    require_reviewer(user)
    size = int(upload.size or 0)
    limit = settings.BATCH_UPLOAD_LIMIT_BYTES
    if size > limit:
        raise zips.Refused(f"压缩包有{size:,}字节，超过{limit // (1024 * 1024)} MB的上限。")
    listing = zips.list_reports(
        upload,
        max_files=settings.BATCH_MAX_FILES,
        max_member=settings.UPLOAD_LIMIT_BYTES,
        max_total=limit * zips.MAX_RATIO // 10,
    )
    digest = _sha256(upload)
    stored = f"uploads/{digest}.zip"
    if not default_storage.exists(stored):
        stored = default_storage.save(stored, upload)
    found = membership(user)
    name = str(upload.name or "报告.zip")[-100:]
    job, _ = services.request(
        kind=Kind.AUDIT_BATCH,
        title=f"批量核查：{name}（{len(listing.reports)}份报告）",
        owner=user,
        region=None if found is None else found.region,
        key=f"audit:{digest}:u{user.pk}",
        params={"members": [m.stored for m in listing.reports], "skipped": listing.skipped},
        items=[m.name for m in listing.reports],
        input_file=stored,
    )
    return job, listing.skipped


def _sha256(upload: UploadedFile[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def run(run: Run) -> None:
    """Audit each report not yet stored; finish with a summary and a CSV of the counts."""
    job = run.job
    members: list[str] = job.params["members"]
    owner = job.owner
    if owner is None:
        services.failed(job, "上传这批报告的用户已被删除，核查已停止。")
        return
    with default_storage.open(job.input_file, "rb") as handle, zipfile.ZipFile(handle) as archive:
        for item in run.items():
            data = archive.read(members[item.index])
            result = run_audit(item.name, data)
            if result is None:
                run.item_done(item, ok=False, note="文件损坏或格式不符，无法读取。")
                continue

            def store(result: AuditResult = result, data: bytes = data, item: Item = item) -> int:
                return store_audit(owner, item.name, data, result).pk

            counts = count_by_severity(result.problems)
            note = "无法读取" if result.unreadable else _findings(counts)
            run.item_done(item, ok=not result.unreadable, note=note, result=counts, store=store)
    _summarise(job)


def _findings(counts: dict[str, int]) -> str:
    parts = [
        f"{label}{counts[key]}处"
        for key, label in (("error", "错误"), ("warning", "警告"))
        if counts[key]
    ]
    return "、".join(parts) or "未发现问题"


def _summarise(job: Job) -> None:
    items = list(job.items.order_by("index"))
    # Counts only: a batch of hundreds of reports would otherwise load every document's
    # text and findings at once just to write one line each.
    counted = AuditRun.objects.only("unreadable", "errors", "warnings", "infos")
    runs = counted.in_bulk([i.ref for i in items if i.ref is not None])
    buffer = io.StringIO()
    table = csv.writer(buffer)
    table.writerow(["序号", "文件", "错误", "警告", "提示", "说明"])
    errors = unreadable = 0
    for item in items:
        found = runs.get(item.ref) if item.ref is not None else None
        if found is None or found.unreadable:
            unreadable += 1
            table.writerow(
                [item.index + 1, neutral(item.name), "", "", "", item.note or "无法读取"]
            )
            continue
        errors += found.errors > 0
        table.writerow(
            [item.index + 1, neutral(item.name), found.errors, found.warnings, found.infos, ""]
        )
    stored = services.save_file(job, "summary.csv", buffer.getvalue().encode("utf-8-sig"))
    text = f"已核查{len(items)}份报告：{errors}份发现错误"
    text += f"，{unreadable}份无法读取。" if unreadable else "。"
    services.finish(
        job,
        text,
        result={"reports": len(items), "with_errors": errors, "unreadable": unreadable},
        file=stored,
        file_name="核查汇总.csv",
    )
