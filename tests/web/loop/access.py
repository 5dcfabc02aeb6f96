"""Who may use each loop route: units their own targets and rounds, reviewers their region."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.access import Rule, same
from tests.web.api.access import bearer
from tests.web.conftest import World
from tests.web.loop.world import approved, filed, filing_pk, round_of, round_pk

UNIT_PAGE = same(403, editor=200, approver=200, other_editor=200, admin=302, anon=302)
REGION_PAGE = same(403, reviewer=200, admin=200, other_reviewer=200, anon=302)
HOME_REVIEW = same(403, reviewer=200, admin=200, anon=302)
API_REVIEW = same(403, reviewer=200, admin=200, anon=401)


def _filed(w: World) -> None:
    filed(w)


def _approved(w: World) -> None:
    approved(w)


def _round(w: World) -> None:
    round_of(w)


def _round_and_targets(w: World) -> None:
    approved(w)
    round_of(w)


def _sub(w: World) -> dict[str, Any]:
    return {"pk": w.subs["clean"].pk}


RULES = {
    "loop:targets": Rule(get=UNIT_PAGE),
    "loop:target": Rule(
        prepare=_filed,
        kwargs=filing_pk,
        get=same(403, editor=200, approver=200, reviewer=200, admin=200, anon=302),
    ),
    "loop:target_template": Rule(
        prepare=_filed,
        kwargs=filing_pk,
        get=same(403, editor=200, approver=200, reviewer=200, admin=200, anon=302),
    ),
    # Allowed users (the unit, an administrator) get 409: a filed target set is locked.
    "loop:target_upload": Rule(
        prepare=_filed,
        kwargs=filing_pk,
        post=same(403, editor=409, approver=409, admin=409, anon=302),
        data=lambda w: {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    ),
    "loop:rounds": Rule(get=UNIT_PAGE),
    "loop:round_fill": Rule(
        prepare=_round,
        kwargs=round_pk,
        get=same(403, editor=200, approver=200, anon=302),
        post=same(403, editor=302, approver=302, anon=302),
        data=lambda w: {"s0-full_year": "100", "s0-executed": "30"},
    ),
    "loop:review_targets": Rule(get=REGION_PAGE),
    "loop:review_target": Rule(prepare=_filed, kwargs=filing_pk, get=HOME_REVIEW),
    "loop:review_rounds": Rule(get=REGION_PAGE),
    "loop:board": Rule(prepare=_round, kwargs=round_pk, get=HOME_REVIEW),
    "loop:rereview": Rule(kwargs=_sub, get=HOME_REVIEW),
    "loop:calibration": Rule(get=REGION_PAGE),
    "loop:copies": Rule(
        get=REGION_PAGE,
        post=same(403, reviewer=302, admin=302, other_reviewer=302, anon=302),
        data=lambda w: {"year": "2023"},
    ),
    "loop:copy_detail": Rule(kwargs=_sub, get=same(403, reviewer=302, admin=302, anon=302)),
    "api:targets": Rule(get=same(200, anon=401), headers=bearer),
    "api:target": Rule(
        prepare=_filed,
        kwargs=filing_pk,
        get=same(403, editor=200, approver=200, reviewer=200, admin=200, anon=401),
        headers=bearer,
    ),
    "api:target_moves": Rule(
        prepare=_filed,
        kwargs=filing_pk,
        post=same(403, reviewer=200, admin=200, anon=401),
        data=lambda w: {"action": "approve"},
        headers=bearer,
    ),
    "api:target_adjustments": Rule(
        prepare=_approved,
        kwargs=filing_pk,
        post=same(403, editor=201, approver=201, admin=201, anon=401),
        data=lambda w: {
            "project": "普法宣传项目",
            "indicator": "宣传活动场次",
            "new_target": "≥15",
            "reason": "场地改造",
        },
        headers=bearer,
    ),
    "api:rounds": Rule(get=same(200, anon=401), headers=bearer),
    "api:round_filing": Rule(
        prepare=_round_and_targets,
        kwargs=round_pk,
        post=same(403, editor=201, approver=201, other_editor=409, anon=401),
        data=lambda w: {
            "data": json.dumps(
                {"spending": [{"project": "", "full_year": "100", "executed": "20"}]}
            )
        },
        headers=bearer,
    ),
    "api:round_warnings": Rule(prepare=_round, kwargs=round_pk, get=API_REVIEW, headers=bearer),
    "api:rereview": Rule(kwargs=_sub, get=API_REVIEW, headers=bearer),
    "api:calibration": Rule(
        get=same(403, reviewer=200, admin=200, other_reviewer=200, anon=401), headers=bearer
    ),
}
