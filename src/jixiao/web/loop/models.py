"""Stored records of the loop.

Target filings and their locked versions, adjustments, monitoring rounds with each
unit's figures and warnings, re-reviews.

Data a unit typed is kept as its JSON tree (`data`, as submissions do); the figures the
bureau's lists sort and count (status, warning counts, totals, grades) are columns, so the
dashboards aggregate in SQL and never re-evaluate thousands of rows per request.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from jixiao.web.accounts.models import Region, Unit
from jixiao.web.submissions.models import Submission


class TargetFiling(models.Model):
    """A unit's 绩效目标 for one fiscal year, as typed, with its workflow state."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        FILED = "filed", "已报送待审核"
        RETURNED = "returned", "已退回修改"
        APPROVED = "approved", "已批复锁定"

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="target_filings")
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default="draft")
    data: models.JSONField[Any, Any] = models.JSONField("绩效目标", default=dict)
    comment = models.TextField("审核意见", blank=True)
    version = models.PositiveIntegerField("已批复版本", default=0)
    warnings = models.PositiveIntegerField("申报检查警告", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "绩效目标"
        ordering = ["-fiscal_year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "fiscal_year"], name="one_target_set_per_year")
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"])]

    @property
    def region_id(self) -> int:
        """The unit's region (for permission checks)."""
        return int(self.unit.region_id)


class TargetVersion(models.Model):
    """An approved, locked version of a target set: never edited, only superseded."""

    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    data: models.JSONField[Any, Any] = models.JSONField("绩效目标")
    approved_at = models.DateTimeField("批复时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "绩效目标版本"
        ordering = ["filing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "number"], name="one_target_version_number")
        ]


class TargetEvent(models.Model):
    """One move of a filing (报送, 退回, 批复, 调整), with who, when and the comment."""

    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "绩效目标流转"
        ordering = ["at", "id"]


class AdjustmentRequest(models.Model):
    """An 调整 request on an approved filing; approved ones apply in order."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="adjustments")
    project = models.CharField("项目", max_length=200, blank=True)
    indicator = models.CharField("指标", max_length=200)
    new_target = models.CharField("调整后指标值", max_length=200)
    reason = models.TextField("调整理由")
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default="pending", db_index=True
    )
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "绩效目标调整"
        ordering = ["created_at", "id"]


class Prefill(models.Model):
    """Which locked targets a self-evaluation was started from (its targets are read-only)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="prefill")
    filing = models.ForeignKey(TargetFiling, on_delete=models.CASCADE, related_name="+")


class MonitoringRound(models.Model):
    """A round set by the bureau for its region: "1–7月" of a fiscal year."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="rounds")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("轮次名称", max_length=50)
    months = models.PositiveSmallIntegerField("截至月份")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "监控轮次"
        ordering = ["-fiscal_year", "months", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "fiscal_year", "name"], name="one_round_name")
        ]


class RoundFiling(models.Model):
    """One unit's figures for a round, with its warning counts (for the dashboard)."""

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="filings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="round_filings")
    data: models.JSONField[Any, Any] = models.JSONField("监控数据", default=dict)
    red = models.PositiveIntegerField("红色预警", default=0)
    yellow = models.PositiveIntegerField("黄色预警", default=0)
    has_targets = models.BooleanField("有已批复目标", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "监控填报"
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_round_filing_per_unit")
        ]
        indexes = [models.Index(fields=["round", "-red", "-yellow"])]


class RoundAlert(models.Model):
    """One warning of a round filing (rebuilt on every save of the filing)."""

    filing = models.ForeignKey(RoundFiling, on_delete=models.CASCADE, related_name="alerts")
    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField("对象", max_length=200)
    level = models.CharField("级别", max_length=8)
    rule = models.CharField("规则", max_length=50)
    message = models.TextField("预警内容")

    class Meta:
        verbose_name = "监控预警"
        ordering = ["level", "subject", "id"]
        indexes = [models.Index(fields=["round", "level"])]


class Rereview(models.Model):
    """The bureau's row-by-row re-review of a submission, with totals on a 100-point scale."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="rereview")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度", db_index=True)
    unit_kind = models.CharField("单位类型", max_length=50, blank=True)
    rows: models.JSONField[Any, Any] = models.JSONField("复核行", default=list)
    self_total = models.DecimalField("自评得分（百分制）", max_digits=7, decimal_places=2)
    review_total = models.DecimalField("复核得分（百分制）", max_digits=7, decimal_places=2)
    self_grade = models.CharField("自评等级", max_length=4, blank=True)
    review_grade = models.CharField("复核等级", max_length=4, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("复核时间", auto_now=True)

    class Meta:
        verbose_name = "复核"
        indexes = [
            models.Index(fields=["fiscal_year", "unit"]),
        ]


class CalibrationTotal(models.Model):
    """Running sums of a region's re-reviews per calibration group (unit, unit type, year).

    Written in the same short transaction as the re-review it changes (`save_rereview`
    adds the new scores and takes away the old ones), so the calibration page reads one
    row per group instead of aggregating every re-review of the region per request.
    Scores are summed in integer cents; means and shares are divided out for the shown page.
    """

    class By(models.TextChoices):
        UNIT = "unit", "单位"
        KIND = "kind", "单位类型"
        YEAR = "year", "年度"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    by = models.CharField("分组", max_length=8, choices=By.choices)
    key = models.CharField("分组值", max_length=50)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.IntegerField("复核户数", default=0)
    self_cents = models.BigIntegerField("自评得分合计（分）", default=0)
    review_cents = models.BigIntegerField("复核得分合计（分）", default=0)
    self_excellent = models.IntegerField("自评为优户数", default=0)
    review_excellent = models.IntegerField("复核为优户数", default=0)

    class Meta:
        verbose_name = "校准合计"
        constraints = [
            models.UniqueConstraint(fields=["region", "by", "key"], name="one_calibration_group")
        ]


class CopyScan(models.Model):
    """The latest copied-text comparison of a region's self-evaluations of one year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    scanned_at = models.DateTimeField("比对时间")
    texts = models.PositiveIntegerField("比对段数", default=0)
    submissions = models.PositiveIntegerField("比对自评份数", default=0)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "文字比对"
        constraints = [
            models.UniqueConstraint(fields=["region", "fiscal_year"], name="one_copy_scan_per_year")
        ]


class TextFinding(models.Model):
    """One finding of a scan in one section of a self-evaluation, with the texts as compared.

    A copy names the other self-evaluation and its section; both texts are kept as they
    were compared, with the character ranges of the shared passages (`spans`,
    `other_spans`), so the reviewer's page shows exactly what was found even after edits.
    Stale years and other units' or projects' names keep their ranges in `spans`.
    """

    class Kind(models.TextChoices):
        COPY_UNIT = "copy_unit", "与其他单位雷同"
        COPY_YEAR = "copy_year", "与本单位往年雷同"
        STALE_YEAR = "stale_year", "过时年份"
        OTHER_NAME = "other_name", "其他单位或项目名称"

    scan = models.ForeignKey(CopyScan, on_delete=models.CASCADE, related_name="findings")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    serious = models.BooleanField("严重", default=False)
    section = models.CharField("部分", max_length=250)
    text = models.TextField("文字")
    spans: models.JSONField[Any, Any] = models.JSONField("标记位置", default=list)
    found = models.CharField("发现内容", max_length=500, blank=True)
    other = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_section = models.CharField("对方部分", max_length=250, blank=True)
    other_text = models.TextField("对方文字", blank=True)
    other_spans: models.JSONField[Any, Any] = models.JSONField("对方标记位置", default=list)
    share = models.DecimalField("雷同比例（%）", max_digits=5, decimal_places=2, default=0)

    class Meta:
        verbose_name = "文字比对发现"
        ordering = ["-serious", "kind", "section", "id"]
        indexes = [models.Index(fields=["scan", "submission"])]
