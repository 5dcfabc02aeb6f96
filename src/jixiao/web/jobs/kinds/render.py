"""A submission's reports as a job: PDF (LibreOffice) or a zip of several documents.

The rendering is `submissions.reports.render_submission`, the same as a direct download;
in a worker its PDF step uses the warm converter (`pipeline.start_converter`), with all the
submission's documents converted in one batch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.web.jobs import services
from jixiao.web.jobs.models import Job, Kind
from jixiao.web.submissions.models import Submission
from jixiao.web.submissions.reports import render_submission, zip_files, zip_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.jobs.runner import Run
    from jixiao.web.submissions.reports import RenderedFile

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "html": "网页"}


def request(
    user: AbstractBaseUser | AnonymousUser, sub: Submission, fmt: str, *, draft: bool, doc: str = ""
) -> Job:
    """The job rendering `sub`'s reports in `fmt` (the same one while nothing changed)."""
    key = f"render:{sub.pk}:v{sub.version}:{fmt}:{int(draft)}:{doc}:u{user.pk}"
    kind = "草稿" if draft else "报告"
    title = f"{sub.unit.name}{sub.fiscal_year}年度自评{kind}（{FORMAT_NAMES.get(fmt, fmt)}）"
    params = {"submission": sub.pk, "format": fmt, "draft": draft, "doc": doc}
    job, _ = services.request(kind=Kind.RENDER, title=title, owner=user, key=key, params=params)
    return job


def run(run: Run) -> None:
    """Render, then keep one file (or a zip when the submission has several documents)."""
    job, params = run.job, run.job.params
    sub = Submission.objects.select_related("unit").filter(pk=params["submission"]).first()
    if sub is None:
        services.failed(job, "这份自评已被删除，无法生成报告。")
        return
    fmt = str(params["format"])
    rendered = render_submission(sub, (fmt,), draft=bool(params["draft"]))
    if rendered.refused:
        errors = sum(p.severity.value == "error" for p in rendered.problems)
        services.failed(
            job,
            f"还有 {errors} 个错误，不能生成正式报告。可以先生成标注“草稿”的版本，改正后再生成正式报告。",
        )
        return
    files = [f for f in rendered.files if f.suffix == fmt]
    doc = str(params.get("doc") or "")
    if doc:
        files = [f for f in files if f.slug == doc]
    if not files:
        reason = next(
            (p.message for p in rendered.problems if p.code == "render.pdf-unavailable"), ""
        )
        text = f"无法生成 PDF（{reason or '服务器未安装 LibreOffice'}），请先下载 Word 版本。"
        services.failed(job, text if fmt == "pdf" else "没有生成报告。")
        return
    name, content = _one_or_zip(files, zip_name(sub, fmt, draft=bool(params["draft"])))
    stored = services.save_file(job, f"result.{name.rsplit('.', 1)[-1]}", content)
    services.finish(
        job,
        f"已生成 {len(files)} 份文档。",
        result={"documents": [f.name for f in files]},
        file=stored,
        file_name=name,
    )


def _one_or_zip(files: list[RenderedFile], zip_name: str) -> tuple[str, bytes]:
    if len(files) == 1:
        return files[0].name, files[0].content
    return zip_name, zip_files(files)
