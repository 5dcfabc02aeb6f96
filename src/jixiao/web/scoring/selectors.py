"""Reads of the region's framework setting, and the choices a bureau may pick from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.core.basis import Status
from jixiao.core.framework import FrameworkKind
from jixiao.rules.frameworks import available_frameworks, read_framework
from jixiao.web.accounts.models import Region, Role
from jixiao.web.accounts.permissions import membership
from jixiao.web.scoring.models import RegionFrameworks

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Option:
    """A framework a bureau may pick: its id (the form value) and how a clerk reads it."""

    id: str
    label: str
    applies: str
    status: str
    partly_unconfirmed: bool


def region_frameworks(region_name: str) -> tuple[str, ...]:
    """Framework ids the bureau set for the region of that name (empty: automatic).

    Submissions carry their region as text (`unit.region`), the same name as the
    region's row; one indexed query per evaluation that is not cached.
    """
    name = region_name.strip()
    if not name:
        return ()
    found = RegionFrameworks.objects.filter(region__name=name).first()
    return () if found is None else found.ids()


def manageable_regions(user: User) -> QuerySet[Region]:
    """Regions whose frameworks the user may set: a reviewer's own, every one for the admin."""
    found = membership(user)
    if found is None:
        return Region.objects.none()
    if found.role == Role.ADMIN:
        return Region.objects.all()
    if found.role == Role.FINANCE_REVIEWER and found.region_id is not None:
        return Region.objects.filter(pk=found.region_id)
    return Region.objects.none()


def options() -> dict[FrameworkKind, list[Option]]:
    """Every readable framework by kind, with its title, 文号 and where it applies."""
    out: dict[FrameworkKind, list[Option]] = {kind: [] for kind in FrameworkKind}
    for path in available_frameworks():
        fw, _problems = read_framework(path)
        if fw is None:
            continue
        label = (
            fw.title
            if not fw.document or fw.document in fw.title
            else f"{fw.title}（{fw.document}）"
        )
        unconfirmed = any(b.status is Status.UNCONFIRMED for _, b in fw.bases)
        out[fw.kind].append(
            Option(fw.id, label, fw.applies_to.describe(), fw.basis.status.value, unconfirmed)
        )
    return out
