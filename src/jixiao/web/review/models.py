"""What the finance bureau adds to a submission: comments per section, and report audits.

Comments are kept apart from the submission's data (the unit's own words): a reviewer's
note must survive the unit's next save and say which version it was written against.
Audit runs keep the document text and the findings in the one problem JSON shape
(`problems_to_dict`), so a reopened run shows exactly what was found then, even after
the auditor improves.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from jixiao.web.accounts.models import Region
from jixiao.web.submissions.models import Submission

GENERAL = "general"
"""Section key of a comment about the whole submission."""


class ReviewComment(models.Model):
    """A reviewer's comment on one section of a submission, at the version it was read."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="review_comments"
    )
    section = models.CharField("栏目", max_length=32, default=GENERAL)
    text = models.TextField("意见")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField("时间", auto_now_add=True)
    version = models.PositiveIntegerField("所在版本")

    class Meta:
        verbose_name = "审核意见"
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["submission", "created"])]

    def __str__(self) -> str:
        return f"{self.section}: {self.text[:20]}"


class AuditRun(models.Model):
    """One uploaded report document and what the auditor found in it."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    """The uploader's region: reviewers of that region may reopen the run (None = admin)."""
    created = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveIntegerField("字节数", default=0)
    unreadable = models.BooleanField("无法读取", default=False)
    text = models.TextField("文档文字", blank=True)
    findings: models.JSONField[Any, Any] = models.JSONField("核查结果", default=dict)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    infos = models.PositiveIntegerField("提示", default=0)

    class Meta:
        verbose_name = "报告核查"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.file_name
