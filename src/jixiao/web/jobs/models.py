"""A background job, its items and the workers that run them.

The queue (Huey) only carries "run job N"; everything that must survive a crash lives
here: the job's state, its lease, and each item's outcome. A worker claims a job with one
conditional UPDATE, so a message delivered twice runs it once; an item is marked done in
the same transaction that stores its result, so a job restarted after a crash skips what
was finished and nothing is done twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from jixiao.web.accounts.models import Region


class Kind(models.TextChoices):
    """What a job does (each has a module in `kinds/`)."""

    RENDER = "render", "生成报告"
    AUDIT_BATCH = "audit_batch", "批量核查报告"
    REGION_REPORTS = "region_reports", "批量生成地区报告"
    REMINDERS = "reminders", "发送催报提醒"


class State(models.TextChoices):
    """Where a job is; only QUEUED and RUNNING jobs are picked up again after a crash."""

    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "未完成"


class Job(models.Model):
    """One piece of long work asked for by a user (or by the schedule)."""

    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    state = models.CharField(
        "状态", max_length=12, choices=State.choices, default=State.QUEUED, db_index=True
    )
    title = models.CharField("名称", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL)
    key = models.CharField("去重键", max_length=120, blank=True)
    """Same key, same work: asking again while it is queued, running or done returns it."""
    params: models.JSONField[Any, Any] = models.JSONField("参数", default=dict)
    total = models.PositiveIntegerField("总数", default=1)
    done = models.PositiveIntegerField("已完成", default=0)
    message = models.TextField("说明", blank=True)
    result: models.JSONField[Any, Any] = models.JSONField("结果", default=dict)
    result_file = models.CharField("结果文件", max_length=255, blank=True)
    result_name = models.CharField("下载文件名", max_length=200, blank=True)
    input_file = models.CharField("上传文件", max_length=255, blank=True)
    failures = models.PositiveSmallIntegerField("失败次数", default=0)
    worker = models.CharField("执行进程", max_length=120, blank=True)
    lease_until = models.DateTimeField("租约到期", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    started = models.DateTimeField("开始时间", null=True, blank=True)
    finished = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="one_job_per_key")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        """Progress in whole percent (a finished job is 100)."""
        if self.state == State.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0

    @property
    def active(self) -> bool:
        """Still to run or running: the page keeps polling."""
        return self.state in (State.QUEUED, State.RUNNING)


class Item(models.Model):
    """One unit of a batch (a report to audit, a submission to render, a unit to remind)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="items")
    index = models.PositiveIntegerField("序号")
    name = models.CharField("名称", max_length=255)
    done = models.BooleanField("已完成", default=False)
    ok = models.BooleanField("成功", default=True)
    attempts = models.PositiveSmallIntegerField("开始次数", default=0)
    """How often a worker started this item: above one only for the item a crash cut short."""
    note = models.CharField("说明", max_length=300, blank=True)
    ref = models.BigIntegerField("结果记录", null=True, blank=True)
    """The row this item produced (an audit run's id), so the job page can link to it."""
    result: models.JSONField[Any, Any] = models.JSONField("结果", default=dict)

    class Meta:
        verbose_name = "任务明细"
        ordering = ["job", "index"]
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="one_item_per_index")]


class Worker(models.Model):
    """A worker process seen recently: what `/healthz` reports and what a sweep trusts."""

    ident = models.CharField("进程", max_length=120, unique=True)
    started = models.DateTimeField("启动时间", auto_now_add=True)
    seen = models.DateTimeField("最近活动", db_index=True)
    converter = models.CharField("文档转换", max_length=16, blank=True)
    """warm (a LibreOffice kept running), cold (one soffice call per batch) or none."""

    class Meta:
        verbose_name = "后台进程"
