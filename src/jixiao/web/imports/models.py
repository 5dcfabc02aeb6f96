"""One upload of an Excel workbook for a unit and year, and what became of it.

A workbook for a year that already has a submission is not refused: it becomes a
*pending* import, shown as a field-by-field preview (old → new) that the clerk confirms
or discards. Whatever the workbook itself got wrong (a cell that is not a number, a row
the importer skipped) is kept here with the import, so the problem panel can show it
until the clerk has dealt with it; the data's own problems come from evaluating the
stored data and are not copied.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from jixiao.web.submissions.models import Submission


class State(models.TextChoices):
    """What became of an upload."""

    PENDING = "pending", "待确认"
    APPLIED = "applied", "已导入"
    DISCARDED = "discarded", "已放弃"


class Import(models.Model):
    """A workbook's data for one submission, its own problems, and its state."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField("文件名", max_length=120)
    data: models.JSONField[Any, Any] = models.JSONField("导入的填报数据")
    problems: models.JSONField[Any, Any] = models.JSONField("工作簿问题", default=list)
    """The workbook's own problems (problems_to_dict items), shown until dismissed."""
    base_version = models.PositiveIntegerField("导入时的版本")
    state = models.CharField("状态", max_length=12, choices=State.choices, db_index=True)
    problems_done = models.BooleanField("问题已处理", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "Excel导入"
        ordering = ["-created_at", "-id"]
