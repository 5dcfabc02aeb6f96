"""Every write of the loop: target filings and their moves, adjustments, rounds, re-reviews.

Like `submissions.services`: each function checks permission (`accounts.permissions`) and
state (`core.goals.next_status`), records who did it, and refuses with `Refused` carrying
a Chinese message the page or the API shows as is. The judgement itself (lint, warnings,
row differences) is the core's; here it is only stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jixiao.core.checks.target_lint import lint_targets
from jixiao.core.goals import Adjustment, TargetSet, TargetStatus, apply_adjustments, next_status
from jixiao.core.goals import prefill as prefill_data
from jixiao.core.money import quantize2
from jixiao.core.monitoring import RoundReport, evaluate_round
from jixiao.core.rereview import RereviewRow, compare
from jixiao.core.validation import validate_model
from jixiao.rules import grade_bands
from jixiao.web.accounts.models import Region, Role, Unit
from jixiao.web.accounts.permissions import Action, membership, require, require_reviewer
from jixiao.web.loop import selectors
from jixiao.web.loop.models import (
    AdjustmentRequest,
    CalibrationTotal,
    MonitoringRound,
    Prefill,
    Rereview,
    RoundAlert,
    RoundFiling,
    TargetEvent,
    TargetFiling,
    TargetVersion,
)
from jixiao.web.loop.tallies import Scored, Tally, changes, recount
from jixiao.web.submissions import services as submission_services
from jixiao.web.submissions.models import Submission
from jixiao.web.submissions.services import Refused, plain

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.core.problems import Problem
    from jixiao.formats.excel.targets import TargetsImported

    User = AbstractBaseUser | AnonymousUser

__all__ = [
    "Refused",
    "approve_targets",
    "create_round",
    "decide_adjustment",
    "file_targets",
    "forget_rereview",
    "rebuild_calibration",
    "refuse_locked",
    "request_adjustment",
    "return_targets",
    "save_rereview",
    "save_round",
    "save_targets",
    "start_self_evaluation",
    "upload_targets",
]

EDITABLE = (TargetFiling.Status.DRAFT, TargetFiling.Status.RETURNED)


@dataclass(frozen=True)
class _Scope:
    unit: Unit

    @property
    def unit_id(self) -> int:
        return int(self.unit.pk)

    @property
    def region_id(self) -> int:
        return int(self.unit.region_id)


def _user(user: User) -> Any:
    return user if user.is_authenticated else None


def _refuse_problems(problems: list[Problem]) -> Refused:
    shown = "；".join(p.message for p in problems[:5])
    more = f"（另有{len(problems) - 5}项）" if len(problems) > 5 else ""
    return Refused(f"绩效目标填写有误：{shown}{more}", code="invalid")


def lint_of(filing: TargetFiling) -> tuple[TargetSet | None, list[Problem]]:
    """The filing's model and its problems: validation errors, else the filing-time lint."""
    model, problems = validate_model(TargetSet, filing.data)
    if model is None:
        return None, problems
    return model, lint_targets(
        model, selectors.loop_rules().lint, selectors.last_year_actuals(filing)
    )


def save_targets(user: User, unit: Unit, year: int, data: dict[str, Any]) -> TargetFiling:
    """Store a unit's targets as typed (draft or returned); lint counts kept for the list."""
    require(user, Action.EDIT, _Scope(unit))
    data = plain({**data, "fiscal_year": year, "unit_name": unit.name})
    with transaction.atomic():
        filing, _created = TargetFiling.objects.select_for_update().get_or_create(
            unit=unit, fiscal_year=year
        )
        if filing.status not in EDITABLE:
            raise refuse_locked(filing)
        filing.data = data
        filing.updated_by = _user(user)
        _model, problems = lint_of(filing)
        filing.warnings = len(problems)
        filing.save()
    return filing


def refuse_locked(filing: TargetFiling) -> Refused:
    """The refusal to change a filing that is filed or approved, in words for the clerk."""
    if filing.status == TargetFiling.Status.APPROVED:
        return Refused(
            f"{filing.fiscal_year}年绩效目标已批复锁定，不能再上传修改；如需变更，请在本页提出调整申请。"
        )
    return Refused(
        f"绩效目标当前为“{filing.get_status_display()}”，不能修改；如需变更请提出调整申请。"
    )


def upload_targets(
    user: User, filing: TargetFiling, imported: TargetsImported
) -> tuple[TargetFiling, list[Problem]]:
    """上传 a filled 绩效目标申报表: its values become the filing's targets, as typed.

    Refused for a filing that is filed or approved (locked), and for a workbook of another
    year or unit (a clerk's wrong file must not overwrite this one). Returns the filing
    and every problem at its sheet!cell: the workbook's own, then the filing-time lint.
    """
    require(user, Action.EDIT, filing)
    if filing.status not in EDITABLE:
        raise refuse_locked(filing)
    typed = imported.typed
    year, name = typed.get("fiscal_year"), str(typed.get("unit_name") or "").strip()
    if year is not None and str(year) != str(filing.fiscal_year):
        raise Refused(
            f"工作簿“部门整体目标”表中的年度为“{year}”，本页是{filing.fiscal_year}年的绩效目标；"
            "请从本页下载模板填写，或改正年度后重新上传。"
        )
    if name and name != filing.unit.name:
        raise Refused(
            f"工作簿中的单位名称为“{name}”，不是“{filing.unit.name}”；请确认上传的是本单位的申报表。"
        )
    filing = save_targets(user, filing.unit, filing.fiscal_year, imported.to_store())
    lint: list[Problem] = []
    if imported.targets is not None:
        rules = selectors.loop_rules().lint
        lint = lint_targets(imported.targets, rules, selectors.last_year_actuals(filing))
    return filing, imported.problems + [imported.locate(p) for p in lint]


def _move(user: User, filing: TargetFiling, action: str, comment: str = "") -> TargetFiling:
    try:
        status = next_status(TargetStatus(filing.status), action)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    filing.status = status.value
    if action == "return":
        filing.comment = comment
    TargetEvent.objects.create(filing=filing, action=action, actor=_user(user), comment=comment)
    return filing


def file_targets(user: User, filing: TargetFiling) -> TargetFiling:
    """报送: only a complete, valid target set goes to the bureau (lint warnings may stay)."""
    require(user, Action.EDIT, filing)
    model, problems = lint_of(filing)
    if model is None:
        raise _refuse_problems(problems)
    if not any(True for _ in model.indicators()):
        raise Refused("绩效目标还没有任何指标，不能报送。")
    with transaction.atomic():
        _move(user, filing, "file").save()
    return filing


def return_targets(user: User, filing: TargetFiling, comment: str) -> TargetFiling:
    """退回: the bureau sends the targets back with its comments (required)."""
    require(user, Action.RETURN, filing)
    if not comment.strip():
        raise Refused("退回必须填写审核意见。", code="comment")
    with transaction.atomic():
        _move(user, filing, "return", comment.strip()[:2000]).save()
    return filing


def approve_targets(user: User, filing: TargetFiling) -> TargetFiling:
    """批复: lock the targets as the next version; from now on only adjustments change them."""
    require(user, Action.APPROVE, filing)
    model, problems = lint_of(filing)
    if model is None:
        raise _refuse_problems(problems)
    with transaction.atomic():
        _move(user, filing, "approve")
        filing.version += 1
        filing.comment = ""
        filing.save()
        TargetVersion.objects.create(
            filing=filing,
            number=filing.version,
            data=plain(model.model_dump(mode="json", exclude_defaults=True)),
            approved_by=_user(user),
        )
    return filing


def request_adjustment(
    user: User, filing: TargetFiling, project: str, indicator: str, new_target: str, reason: str
) -> AdjustmentRequest:
    """调整申请 on an approved filing: the indicator must exist and the reason be given."""
    require(user, Action.EDIT, filing)
    if filing.status != TargetFiling.Status.APPROVED:
        raise Refused("只有已批复的绩效目标才能申请调整。")
    try:
        change = Adjustment.model_validate(
            {"project": project, "indicator": indicator, "new_target": new_target, "reason": reason}
        )
    except ValueError as exc:
        raise Refused(_first_error(exc)) from None
    locked = selectors.locked_targets(filing)
    assert locked is not None
    try:
        apply_adjustments(locked.adjusted, [change])
    except ValueError as exc:
        raise Refused(str(exc)) from None
    return AdjustmentRequest.objects.create(
        filing=filing,
        project=change.project,
        indicator=change.indicator,
        new_target=new_target.strip(),
        reason=change.reason,
        created_by=_user(user),
    )


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors(include_url=False)
        if found:
            field = {"new_target": "调整后指标值", "reason": "调整理由", "indicator": "指标"}.get(
                str(found[0]["loc"][0]) if found[0]["loc"] else "", "调整"
            )
            message = str(found[0]["msg"]).removeprefix("Value error, ")
            return f"{field}：{message}"
    return str(exc)


def decide_adjustment(user: User, adjustment: AdjustmentRequest, approve: bool) -> None:
    """批准 or 不批准 an adjustment request (the bureau)."""
    filing = adjustment.filing
    require(user, Action.APPROVE, filing)
    with transaction.atomic():
        current = AdjustmentRequest.objects.select_for_update().get(pk=adjustment.pk)
        if current.status != AdjustmentRequest.Status.PENDING:
            raise Refused("该调整申请已处理。")
        current.status = "approved" if approve else "rejected"
        current.decided_at = timezone.now()
        current.save()
        TargetEvent.objects.create(
            filing=filing,
            action="adjust" if approve else "reject_adjust",
            actor=_user(user),
            comment=f"{current.project or '部门整体'}／{current.indicator} → {current.new_target}",
        )


def start_self_evaluation(user: User, unit: Unit, year: int) -> submission_services.Saved:
    """A new self-evaluation pre-filled from the approved (adjusted) targets.

    The last monitoring round's deviation reasons and measures start the projects'
    存在的问题 and 改进措施; the targets stay read-only in the self-evaluation (`guard`).
    """
    filing = TargetFiling.objects.filter(unit=unit, fiscal_year=year).first()
    locked = None if filing is None else selectors.locked_targets(filing)
    if filing is None or locked is None:
        raise Refused(f"{unit.name}没有已批复的{year}年绩效目标，请选择空白或从上年复制。")
    data = prefill_data(locked.adjusted)
    reasons = selectors.last_round_reasons(unit, year)
    for project in data["projects"]:
        found = reasons.get(project["name"])
        if found:
            project["narrative"] = {"problems": found[0], "measures": found[1]}
    with transaction.atomic():
        saved = submission_services.create(user, unit, year, data, source="已批复绩效目标")
        Prefill.objects.create(submission=saved.submission, filing=filing)
    return saved


def create_round(user: User, region: Region, year: int, name: str, months: int) -> MonitoringRound:
    """A monitoring round of the reviewer's region (an administrator's: any region)."""
    require_reviewer(user)
    found = membership(user)
    if found is None or (found.role != Role.ADMIN and found.region_id != region.pk):
        raise Refused("只能为本地区设置监控轮次。")
    if not 1 <= months <= 12 or not 2000 <= year <= 2100 or not name.strip():
        raise Refused("请填写轮次名称，截至月份应为1至12。")
    try:
        with transaction.atomic():
            return MonitoringRound.objects.create(
                region=region, fiscal_year=year, name=name.strip()[:50], months=months
            )
    except IntegrityError:
        raise Refused(f"{year}年已有名为“{name}”的监控轮次。") from None


def save_round(
    user: User, round_: MonitoringRound, unit: Unit, data: dict[str, Any]
) -> tuple[RoundFiling, list[Problem]]:
    """Store a unit's figures for a round and rebuild its warnings (one transaction).

    Returns the filing and the validation problems (nothing stored when there are any).
    """
    require(user, Action.EDIT, _Scope(unit))
    if unit.region_id != round_.region_id:
        raise Refused("该监控轮次不属于本单位所在地区。")
    body = plain(
        {
            **data,
            "fiscal_year": round_.fiscal_year,
            "unit_name": unit.name,
            "months": round_.months,
            "round_name": round_.name,
        }
    )
    report, problems = validate_model(RoundReport, body)
    filing = RoundFiling.objects.filter(round=round_, unit=unit).first() or RoundFiling(
        round=round_, unit=unit
    )
    if report is None:
        return filing, problems
    target_filing = TargetFiling.objects.filter(unit=unit, fiscal_year=round_.fiscal_year).first()
    locked = None if target_filing is None else selectors.locked_targets(target_filing)
    alerts = evaluate_round(
        report, None if locked is None else locked.adjusted, selectors.loop_rules().monitoring
    )
    with transaction.atomic():
        filing.data = body
        filing.red = sum(a.level.value == "red" for a in alerts)
        filing.yellow = len(alerts) - filing.red
        filing.has_targets = locked is not None
        filing.save()
        RoundAlert.objects.filter(filing=filing).delete()
        RoundAlert.objects.bulk_create(
            RoundAlert(
                filing=filing,
                round=round_,
                unit=unit,
                subject=a.subject[:200],
                level=a.level.value,
                rule=a.rule,
                message=a.problem.message,
            )
            for a in alerts
        )
    return filing, []


def save_rereview(user: User, sub: Submission, scores: dict[str, tuple[Decimal, str]]) -> Rereview:
    """Store the bureau's row scores next to the unit's; totals on a 100-point scale.

    `scores` maps each row key of `selectors.rereview_rows(sub)` to (score, evidence note);
    every row must be scored.
    """
    require(user, Action.REVIEW, sub)
    rows = selectors.rereview_rows(sub)
    missing = [r.label for r in rows if r.key not in scores]
    if missing:
        raise Refused(f"还有{len(missing)}行没有复核得分：{'、'.join(missing[:3])}")
    try:
        result = compare(
            RereviewRow(r.key, r.label, r.weight, r.self_score, *scores[r.key]) for r in rows
        )
    except ValueError as exc:
        raise Refused(str(exc)) from None
    weight = sum((r.weight for r in result.rows), Decimal(0))
    if weight <= 0:
        raise Refused("该自评没有带分值的指标，无法逐项复核。")
    self_total = quantize2(result.self_total * 100 / weight)
    review_total = quantize2(result.review_total * 100 / weight)
    bands = grade_bands()
    stored = [
        {
            "key": r.key,
            "label": r.label,
            "weight": f"{r.weight:f}",
            "self_score": None if r.self_score is None else f"{r.self_score:f}",
            "review_score": f"{r.review_score:f}",
            "difference": f"{r.difference:f}",
            "note": r.note,
        }
        for r in result.rows
    ]
    kind = str((sub.data.get("unit") or {}).get("kind") or "")[:50]
    with transaction.atomic():
        # The submission's lock orders concurrent saves of one re-review, so the totals
        # take away exactly the scores they added before.
        Submission.objects.select_for_update().filter(pk=sub.pk).first()
        before = Rereview.objects.filter(submission=sub).first()
        review, _ = Rereview.objects.update_or_create(
            submission=sub,
            defaults={
                "unit": sub.unit,
                "fiscal_year": sub.fiscal_year,
                "unit_kind": kind,
                "rows": stored,
                "self_total": self_total,
                "review_total": review_total,
                "self_grade": bands.grade_for(self_total).value,
                "review_grade": bands.grade_for(review_total).value,
                "reviewer": _user(user),
            },
        )
        region_id = int(sub.unit.region_id)
        _add_totals(changes(_scored(before, region_id), _scored(review, region_id)))
    return review


def _scored(review: Rereview | None, region_id: int) -> Scored | None:
    if review is None:
        return None
    return Scored(
        region_id,
        int(review.unit_id),
        review.unit_kind,
        int(review.fiscal_year),
        review.self_total,
        review.review_total,
        review.self_grade,
        review.review_grade,
    )


def _add_totals(deltas: dict[tuple[int, str, str, int | None], Tally]) -> None:
    """Add each change to its group's row (created at zero first), in key order.

    Increments in SQL (`F`), so two re-reviews saved at once in one group both count;
    the fixed order of keys keeps concurrent transactions from deadlocking.
    """
    for (region_id, by, key, unit_id), delta in sorted(deltas.items(), key=lambda kv: kv[0][:3]):
        CalibrationTotal.objects.bulk_create(
            [CalibrationTotal(region_id=region_id, by=by, key=key, unit_id=unit_id)],
            ignore_conflicts=True,
        )
        CalibrationTotal.objects.filter(region_id=region_id, by=by, key=key).update(
            count=F("count") + delta.count,
            self_cents=F("self_cents") + delta.self_cents,
            review_cents=F("review_cents") + delta.review_cents,
            self_excellent=F("self_excellent") + delta.self_excellent,
            review_excellent=F("review_excellent") + delta.review_excellent,
        )


def rebuild_calibration(region: Region) -> int:
    """Recount a region's calibration totals from its re-reviews (after a bulk load).

    One pass over the re-reviews and one bulk insert (`tallies.recount`, which the
    migration that filled the totals runs too); returns the number of groups.
    """
    return recount(Rereview, CalibrationTotal, int(region.pk))


def forget_rereview(sender: Any, instance: Rereview, **_kwargs: Any) -> None:
    """A re-review deleted, alone or with its submission: its scores leave the totals.

    Connected to `post_delete` (loop.apps), which Django sends for every row a cascade
    removes as well, inside the deleting transaction.
    """
    region_id = Unit.objects.filter(pk=instance.unit_id).values_list("region_id", flat=True)
    found = region_id.first()
    if found is not None:  # a region deleted takes its totals with it
        _add_totals(changes(_scored(instance, int(found)), None))
