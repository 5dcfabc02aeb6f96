"""Downloads of one submission: reports (docx/html/pdf), the Excel export, the raw data.

Reports come from `reports.render_submission`: the pipeline's `render` (as the CLI's)
on the same evaluation the problem panel shows; a PDF, and the zip of all Word reports,
are made by a background job (the link opens its page, or shows its progress in place on
the overview, and offers the file when done). A submission with errors gets no final
report, only a draft marked 草稿 on request; a missing LibreOffice or data that cannot
build a model is said plainly on the overview. Files are named 单位+年度+报告名.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from jixiao.formats.excel import TemplateChecks, export_submission
from jixiao.web.jobs.kinds import render as render_job
from jixiao.web.submissions.reports import (
    CONTENT_TYPES,
    FORMATS,
    file_stem,
    render_submission,
    zip_files,
    zip_name,
)
from jixiao.web.submissions.selectors import evaluation_of, profile_options, submission_for

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.http.response import HttpResponseBase


BACKGROUND = ("pdf",)
"""Formats made by a background job (LibreOffice takes seconds): the link opens the job page,
or, from the overview (htmx), shows the job's progress in place. The zip of all Word
reports is a job too: a department with tens of projects takes seconds to write."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
"""An HTML report is shown in the browser: its own inline styles, never any script."""


def _send(
    content: bytes, name: str, content_type: str, *, inline: bool = False
) -> HttpResponseBase:
    response = FileResponse(
        io.BytesIO(content), as_attachment=not inline, filename=name, content_type=content_type
    )
    if inline:
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


@login_required
@require_GET
def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """A report in one format; `?doc=department` picks one document, `?draft=1` a draft."""
    sub = submission_for(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("没有这种报告格式")
    draft = request.GET.get("draft") == "1"
    doc = request.GET.get("doc", "")
    if fmt in BACKGROUND or (fmt == "docx" and not doc):
        job = render_job.request(request.user, sub, fmt, draft=draft, doc=doc)
        if request.headers.get("HX-Request"):  # the overview shows the progress in place
            return render(request, "jobs/_progress.html", {"job": job, "items": []})
        return redirect("jobs:detail", pk=job.pk)
    rendered = render_submission(sub, (fmt,), draft=draft)
    back = redirect("submissions:detail", sub.pk)
    if rendered.refused:
        errors = evaluation_of(sub).errors  # the panel's count, not the refusal notice
        messages.error(
            request,
            f"还有 {errors} 个错误，不能生成正式报告。可以先下载标注“草稿”的版本，改正后再下载正式报告。",
        )
        return back
    files = [f for f in rendered.files if f.suffix == fmt]
    if not files:
        reason = next(
            (p.message for p in rendered.problems if p.code == "render.pdf-unavailable"), ""
        )
        if fmt == "pdf":
            text = f"无法生成 PDF（{reason or '服务器未安装 LibreOffice'}），请先下载 Word 版本。"
        else:
            text = "没有生成报告。"
        messages.error(request, text)
        return back
    if doc:
        files = [f for f in files if f.slug == doc]
        if not files:
            raise Http404("没有这份报告")
    if len(files) == 1:
        return _send(files[0].content, files[0].name, CONTENT_TYPES[fmt], inline=fmt == "html")
    name = zip_name(sub, fmt, draft=draft)
    return _send(zip_files(files), name, "application/zip")


@login_required
@require_GET
def excel(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The data written back into the Excel template (a start for next year, or offline work)."""
    sub = submission_for(request.user, pk)
    model = evaluation_of(sub).submission
    if model is None:
        messages.error(
            request, "数据缺少年度或单位名称等基本信息，无法导出 Excel。请先在填报页补全。"
        )
        return redirect("submissions:detail", sub.pk)
    options = profile_options(sub.data)
    with tempfile.TemporaryDirectory(prefix="jixiao-export-") as tmp:
        path = Path(tmp) / "export.xlsx"
        export_submission(model, path, options.economic_classes, TemplateChecks.of(options))
        content = path.read_bytes()
    return _send(content, f"{file_stem(sub)}自评填报表.xlsx", XLSX)


@login_required
@require_GET
def data(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The raw stored data exactly as typed (YAML or JSON): nothing interpreted."""
    sub = submission_for(request.user, pk)
    if fmt == "json":
        body = json.dumps(sub.data, ensure_ascii=False, indent=2)
        return _send(body.encode(), f"{file_stem(sub)}自评数据.json", "application/json")
    if fmt == "yaml":
        body = yaml.safe_dump(sub.data, allow_unicode=True, sort_keys=False, width=100)
        return _send(
            body.encode(), f"{file_stem(sub)}自评数据.yaml", "application/yaml; charset=utf-8"
        )
    raise Http404("没有这种数据格式")
