"""Deadlines per region and year, in-app notifications, and the bureau's first look.

`Deadline` is set by the finance bureau for its region and a fiscal year; every unit of
the region sees the days left. `Notification` is one message to one user (a move that
concerns them, a reminder); it links to the page where they act. `Opening` records that
a finance reviewer opened a submission's review page after it was sent: from then on the
unit head can no longer 撤回 it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.accounts.models import Region
from jixiao.web.submissions.models import Submission


class Deadline(models.Model):
    """The date by which the units of a region send their self-evaluation of a year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="deadlines")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    due = models.DateField("截止日期")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = "报送截止日期"
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "fiscal_year"], name="one_deadline_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.fiscal_year}年 {self.due}"


class Notification(models.Model):
    """One message to one user; `read_at` is set when they have seen it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField("内容", max_length=500)
    url = models.CharField("链接", max_length=200, blank=True)
    created = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:40]


class Opening(models.Model):
    """A finance reviewer opened the review page of a sent submission (once per sending)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "财政已打开"
        indexes = [models.Index(fields=["submission", "at"])]
