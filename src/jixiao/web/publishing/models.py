"""Published copies: what the public sees, frozen at the moment of publication.

The copy is redacted (涉密 projects removed) and rendered when published, so a later edit,
a change of rules or a renderer upgrade never silently changes a published report.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from jixiao.web.accounts.models import Region
from jixiao.web.submissions.models import Submission

PUBLICATION_COLUMNS = ("score", "grade", "stated_score", "stated_grade", "execution_rate")
"""Fields of the evaluation's `Summary` a publication freezes as columns (same names)."""


class Publication(models.Model):
    """The public copy of one approved submission."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="publication"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="publications")
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    unit_name = models.CharField("单位名称", max_length=200)
    published_at = models.DateTimeField("公开时间", auto_now_add=True)
    version = models.PositiveIntegerField("公开的版本")
    score = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=4, blank=True)
    stated_score = models.DecimalField(
        "自评得分", max_digits=7, decimal_places=2, null=True, blank=True
    )
    stated_grade = models.CharField("自评等级", max_length=4, blank=True)
    execution_rate = models.DecimalField(
        "预算执行率", max_digits=7, decimal_places=2, null=True, blank=True
    )
    public_data: models.JSONField[Any, Any] = models.JSONField("公开数据（已脱密）")
    open_data: models.JSONField[Any, Any] = models.JSONField("开放数据（指标与得分）")
    redacted_projects = models.PositiveIntegerField("隐去的涉密项目数", default=0)

    class Meta:
        verbose_name = "公开报告"
        ordering = ["region", "-fiscal_year", "unit_name"]


class PublishedDocument(models.Model):
    """One rendered public report (the department report or a project report)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="documents")
    slug = models.CharField(max_length=64)
    title = models.CharField("标题", max_length=300)
    file_name = models.CharField("文件名", max_length=300)
    content_type = models.CharField(max_length=120)
    content = models.BinaryField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "file_name"], name="one_file_name")
        ]
