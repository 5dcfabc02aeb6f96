"""Every read of submissions: what a user may see, and a submission's evaluation.

The queryset filter here mirrors `accounts.permissions.can(…, VIEW, …)`: one rule for lists
and one for single objects, both driven by the same membership row.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.shortcuts import get_object_or_404

from jixiao.pipeline import Evaluation, Loaded, evaluate, load
from jixiao.rules.profiles import load_options, profile_for_region
from jixiao.web.accounts.models import Region, Role
from jixiao.web.accounts.permissions import Action, membership, require
from jixiao.web.ops.memo import once_per_request
from jixiao.web.scoring.selectors import region_frameworks
from jixiao.web.submissions.models import Submission

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet

    from jixiao.core.checks import CheckOptions

    User = AbstractBaseUser | AnonymousUser


def visible_submissions(user: User) -> QuerySet[Submission]:
    """Submissions the user may open: own unit, own region, or all (administrator)."""
    found = membership(user)
    base = Submission.objects.select_related("unit", "unit__region")
    if found is None:
        return base.none()
    if found.role == Role.ADMIN:
        return base
    if found.role == Role.FINANCE_REVIEWER and found.region_id is not None:
        return base.filter(unit__region_id=found.region_id)
    if found.unit_id is not None:
        return base.filter(unit_id=found.unit_id)
    return base.none()


def submission_for(user: User, pk: int, action: Action = Action.VIEW) -> Submission:
    """One submission by id, 404 if it does not exist, 403 if the user may not `action` it."""
    sub = get_object_or_404(Submission.objects.select_related("unit", "unit__region"), pk=pk)
    require(user, action, sub)
    return sub


def profile_id(data: Any = None, *, region_code: str | None = None) -> str:
    """The check profile for a data tree: the one place it is chosen.

    `settings.JIXIAO_PROFILE` when the site names one for every unit; otherwise the profile
    for the unit's region (`rules.profiles.profile_for_region`: a profile states the region
    codes it is for, so a 51xxxx unit gets Sichuan's), found by `region_code` or by the
    region name the data carries (as the bureau's framework setting is).
    """
    if settings.JIXIAO_PROFILE:
        return str(settings.JIXIAO_PROFILE)
    if region_code is None:
        name = _region_name(data)
        region_code = once_per_request(("region_code", name), lambda: _region_code(name))
    return profile_for_region(region_code)


def _region_code(name: str) -> str:
    found = Region.objects.filter(name=name).values_list("code", flat=True) if name else []
    return next(iter(found), "")


def profile_options(data: Any = None, *, region_code: str | None = None) -> CheckOptions:
    """The check profile's options for a data tree (see `profile_id`): tables, identities …."""
    return load_options(profile_id(data, region_code=region_code))


def evaluate_data(data: Any) -> Evaluation:
    """Evaluate a data tree under its profile (`profile_id`): the one place it is chosen.

    Every page, the problem panel, the downloads, the API and the workflow's error gate
    evaluate through here (or `evaluation_of`), so the profile applies to all of them
    alike, and so do the frameworks the bureau set for the unit's region
    (`scoring.selectors.region_frameworks`).
    """
    return _evaluate(data, profile_id(data), _frameworks_for(data))


def evaluate_loaded(loaded: Loaded) -> Evaluation:
    """Evaluate what was read from an upload under its unit's profile."""
    region = loaded.submission.unit.region if loaded.submission is not None else ""
    return evaluate(
        loaded,
        profile=profile_id({"unit": {"region": region}}),
        region_frameworks=region_frameworks(region),
    )


def _region_name(data: Any) -> str:
    unit = data.get("unit") if isinstance(data, dict) else None
    region = unit.get("region") if isinstance(unit, dict) else None
    return region.strip() if isinstance(region, str) else ""


def _frameworks_for(data: Any) -> tuple[str, ...]:
    """The region's framework setting for a data tree (by its unit's region name)."""
    name = _region_name(data)
    if not name:
        return ()
    return once_per_request(("region_frameworks", name), lambda: region_frameworks(name))


def _evaluate(data: Any, profile: str, frameworks: tuple[str, ...] = ()) -> Evaluation:
    return evaluate(load(data), profile=profile, region_frameworks=frameworks)


@lru_cache(maxsize=256)
def _evaluate_cached(frozen: str, profile: str, frameworks: tuple[str, ...]) -> Evaluation:
    return _evaluate(json.loads(frozen), profile, frameworks)


def evaluation_of(sub: Submission) -> Evaluation:
    """The evaluation of the submission's current data (cached by the data itself).

    Keyed by the data, not the version number, so a cached result can never belong to
    other data; a page, its problem panel and its downloads then share one evaluation.
    """
    return evaluate_cached(sub.data)


def evaluate_cached(data: Any) -> Evaluation:
    """`evaluate_data` through the cache `evaluation_of` reads (the data must be plain JSON).

    The save service evaluates the data it stores through here, so the page a save
    redirects to finds that evaluation instead of checking the whole unit again (8 s for
    2,000 projects). The cache is per process: with several server processes the next
    page hits it when it comes on the same kept-alive connection, as a browser's does.
    """
    frozen = json.dumps(data, sort_keys=True)
    return _evaluate_cached(frozen, profile_id(data), _frameworks_for(data))
