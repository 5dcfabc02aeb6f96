"""One row per region that does not leave the framework choice to the year and region."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.accounts.models import Region


class RegionFrameworks(models.Model):
    """The frameworks a bureau set for its region; an empty id keeps the automatic choice.

    Framework ids are kept as text (rule files are not database rows); one that no longer
    exists makes evaluation raise the rule reader's `rules.not-found`, which the settings
    page shows, rather than silently falling back.
    """

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="frameworks")
    project = models.CharField("项目计分框架", max_length=100, blank=True)
    department = models.CharField("部门整体计分框架", max_length=100, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "地区计分框架"

    def __str__(self) -> str:
        return f"{self.region}：{self.project or '自动'} / {self.department or '自动'}"

    def ids(self) -> tuple[str, ...]:
        """The framework ids set (those left automatic are omitted)."""
        return tuple(i for i in (self.project, self.department) if i)
