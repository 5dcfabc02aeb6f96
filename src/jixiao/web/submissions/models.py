"""A unit's submission for one fiscal year, its history, transitions and conflict copies.

`data` is exactly what the unit typed (a JSON tree, numbers as text), so nothing entered is
lost even when it does not validate. The summary columns (score, grade, counts …) are the
result of the pipeline's `evaluate` on that data, written by the save service so the
dashboard can sort and filter thousands of rows in SQL without re-evaluating anything.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from jixiao.web.accounts.models import Unit

SUMMARY_COLUMNS = (
    "score",
    "grade",
    "stated_score",
    "stated_grade",
    "execution_rate",
    "total_expenditure",
    "projects",
    "errors",
    "warnings",
    "infos",
)
"""Fields of the evaluation's `Summary` kept as columns (same names), for SQL sorting."""


class Status(models.TextChoices):
    """The workflow states (see `workflow.py` for the allowed moves)."""

    DRAFT = "draft", "草稿"
    UNIT_REVIEW = "unit_review", "单位审核"
    SUBMITTED = "submitted", "已报送财政"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审核通过"
    PUBLISHED = "published", "已公开"


class Submission(models.Model):
    """One unit's self-evaluation for one fiscal year."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions")
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    data: models.JSONField[Any, Any] = models.JSONField("填报数据", default=dict)
    version = models.PositiveIntegerField("版本", default=1)
    """Raised by one on every accepted save; a save based on an older version is a conflict."""

    score = models.DecimalField(
        "复核计算得分", max_digits=7, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField("计算等级", max_length=4, blank=True)
    stated_score = models.DecimalField(
        "自评得分", max_digits=7, decimal_places=2, null=True, blank=True
    )
    stated_grade = models.CharField("自评等级", max_length=4, blank=True)
    execution_rate = models.DecimalField(
        "预算执行率", max_digits=7, decimal_places=2, null=True, blank=True
    )
    total_expenditure = models.DecimalField(
        "总支出", max_digits=16, decimal_places=2, null=True, blank=True
    )
    projects = models.PositiveIntegerField("项目数", default=0)
    errors = models.PositiveIntegerField("错误", default=0, db_index=True)
    warnings = models.PositiveIntegerField("警告", default=0)
    infos = models.PositiveIntegerField("提示", default=0)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"], cascade_delete_history=False, user_related_name="+"
    )

    class Meta:
        verbose_name = "自评填报"
        ordering = ["-fiscal_year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "fiscal_year"], name="one_submission_per_year")
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"])]

    def __str__(self) -> str:
        return f"{self.unit.name} {self.fiscal_year}年"

    @property
    def region_id(self) -> int:
        """The region of the unit (for permission checks)."""
        return int(self.unit.region_id)


class Transition(models.Model):
    """One workflow move: who moved which submission from what to what, when and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField("操作", max_length=32)
    source = models.CharField("原状态", max_length=16, choices=Status.choices)
    target = models.CharField("新状态", max_length=16, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.TextField("意见", blank=True)
    version = models.PositiveIntegerField("所在版本")

    class Meta:
        verbose_name = "流转记录"
        ordering = ["at", "id"]


class ConflictCopy(models.Model):
    """A save refused because someone else saved first: kept whole, so nothing is lost."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="conflicts")
    base_version = models.PositiveIntegerField("基于版本")
    current_version = models.PositiveIntegerField("当时最新版本")
    section = models.CharField("栏目", max_length=32, blank=True)
    data: models.JSONField[Any, Any] = models.JSONField("未保存的填报数据")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", auto_now_add=True)
    resolved = models.BooleanField("已处理", default=False)

    class Meta:
        verbose_name = "冲突副本"
        ordering = ["-at"]
