"""Who may use the import pages: the submission's unit (and the administrator) may preview
and act; the region's reviewer may look at a preview but not act; others get 403."""

from __future__ import annotations

from tests.web.access import Rule, same
from tests.web.conftest import World

from jixiao.web.imports import services
from jixiao.web.imports.models import Import

VIEW = same(200, other_editor=403, other_reviewer=403, anon=302)
WRITE = same(302, reviewer=403, other_editor=403, other_reviewer=403)


def _stage(w: World) -> None:
    sub = w.refresh("clean")
    data = {**sub.data, "narrative": {"overview": "导入的概述"}}
    services.stage(w.users["editor"], sub, data, "改好.xlsx", [])


def _applied(w: World) -> None:
    problem = {"code": "excel.not-a-number", "severity": "error", "message": "收支情况!B7"}
    services.record_created(w.users["editor"], w.refresh("clean"), "原表.xlsx", [problem])


def _pk(w: World) -> dict[str, int]:
    return {"pk": Import.objects.latest("id").pk}


RULES = {
    "imports:preview": Rule(kwargs=_pk, get=VIEW, prepare=_stage),
    "imports:apply": Rule(kwargs=_pk, post=WRITE, prepare=_stage),
    "imports:discard": Rule(kwargs=_pk, post=WRITE, prepare=_stage),
    "imports:dismiss": Rule(kwargs=_pk, post=WRITE, prepare=_applied),
}
