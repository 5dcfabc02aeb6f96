"""A reviewer's batch: the reports of every submission of the region and year, in one zip.

One item per submission; each item's documents are kept as a part file as soon as they
are made, so a restart renders only what is missing, and the zip is put together from the
parts at the end. Submissions with errors are rendered as drafts (marked 草稿).
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage

from jixiao.core.naming import distinct
from jixiao.web.accounts.permissions import membership, require_reviewer
from jixiao.web.jobs import services
from jixiao.web.jobs.kinds.render import FORMAT_NAMES
from jixiao.web.jobs.models import Job, Kind
from jixiao.web.submissions.models import Status, Submission
from jixiao.web.submissions.reports import file_stem, render_submission, zip_files

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.accounts.models import Region
    from jixiao.web.jobs.runner import Run

SENT = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
"""Submissions the bureau has received: the ones a region's batch covers."""


class NothingToDo(Exception):
    """No submission matches; the message says so."""


def request(
    user: AbstractBaseUser | AnonymousUser, year: int, fmt: str, region: Region | None = None
) -> Job:
    """The batch for the reviewer's region (an administrator names the region)."""
    require_reviewer(user)
    found = membership(user)
    region = region if region is not None else (found.region if found else None)
    if region is None:
        raise NothingToDo("请先选择地区。")
    subs = list(
        Submission.objects.filter(unit__region=region, fiscal_year=year, status__in=SENT)
        .select_related("unit")
        .order_by("unit__code")
    )
    if not subs:
        raise NothingToDo(f"{region.name}{year}年度还没有报送到财政的自评。")
    stamp = max(s.updated_at for s in subs).strftime("%Y%m%d%H%M%S")
    job, _ = services.request(
        kind=Kind.REGION_REPORTS,
        title=f"{region.name}{year}年度自评报告（{FORMAT_NAMES.get(fmt, fmt)}，{len(subs)}个单位）",
        owner=user,
        region=region,
        key=f"region:{region.pk}:{year}:{fmt}:{len(subs)}:{stamp}:u{user.pk}",
        params={"year": year, "format": fmt, "submissions": [s.pk for s in subs]},
        items=[s.unit.name for s in subs],
    )
    return job


def run(run: Run) -> None:
    """Render each submission's documents into a part; then zip the parts."""
    job = run.job
    fmt = str(job.params["format"])
    ids: list[int] = job.params["submissions"]
    for item in run.items():
        sub = Submission.objects.select_related("unit").filter(pk=ids[item.index]).first()
        if sub is None:
            run.item_done(item, ok=False, note="这份自评已被删除。")
            continue
        rendered = render_submission(sub, (fmt,), draft=True)
        files = [f for f in rendered.files if f.suffix == fmt]
        if not files:
            run.item_done(item, ok=False, note="未能生成报告（数据缺少基本信息或转换失败）。")
            continue
        part = services.save_file(job, f"parts/{sub.pk}.zip", zip_files(files))
        note = "含错误，按草稿生成" if sub.errors else ""
        run.item_done(item, note=note, result={"part": part, "folder": file_stem(sub)})
    _assemble(job, fmt)


def _assemble(job: Job, fmt: str) -> None:
    items = list(job.items.order_by("index"))
    made = [i for i in items if i.ok and i.result.get("part")]
    target = services.save_file(job, "reports.zip", b"")
    # Two units may share a name (and so a folder): `distinct` keeps every entry apart.
    folders = distinct(str(item.result["folder"]) for item in made)
    with default_storage.open(target, "wb") as out, zipfile.ZipFile(out, "w") as archive:
        for item, folder in zip(made, folders, strict=True):
            with (
                default_storage.open(item.result["part"], "rb") as handle,
                zipfile.ZipFile(handle) as part,
            ):
                for info in part.infolist():
                    archive.writestr(f"{folder}/{info.filename}", part.read(info))
    missing = len(items) - len(made)
    text = f"已生成{len(made)}个单位的报告" + (f"，{missing}个未能生成。" if missing else "。")
    params = job.params
    services.finish(
        job,
        text,
        result={"units": len(made), "missing": missing},
        file=target,
        file_name=f"{params['year']}年度自评报告-{fmt}.zip",
    )
