"""Reads of jobs: which a user may see (their own; an administrator sees all)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from jixiao.web.accounts.models import Role
from jixiao.web.accounts.permissions import role_of
from jixiao.web.jobs.models import Job, Worker

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    User = AbstractBaseUser | AnonymousUser

ALIVE = timedelta(seconds=90)
"""A worker not seen for this long is counted as gone (it reports every 30 s)."""


def jobs_for(user: User) -> QuerySet[Job]:
    """The jobs `user` may open."""
    if not user.is_authenticated:
        return Job.objects.none()
    if role_of(user) == Role.ADMIN:
        return Job.objects.all()
    return Job.objects.filter(owner_id=user.pk)


def live_workers() -> QuerySet[Worker]:
    """Workers that reported within the last 90 seconds."""
    return Worker.objects.filter(seen__gte=timezone.now() - ALIVE)
