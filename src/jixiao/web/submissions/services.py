"""Every write to a submission: create, save (with optimistic locking), restore, move.

These functions are the only way a submission's data or state changes (STYLE.md 10–11).
Each checks permission (`accounts.permissions`), state (`workflow`) and problems
(the pipeline's `evaluate`), records who did it and why, and refuses with `Refused`, which
carries a Chinese message the page or the API shows as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jixiao.web.accounts.audit import record
from jixiao.web.accounts.models import AuditEvent, Unit
from jixiao.web.accounts.permissions import Action, require
from jixiao.web.loop.guard import target_edit_refusal
from jixiao.web.submissions.carry import carry_forward
from jixiao.web.submissions.models import (
    SUMMARY_COLUMNS,
    ConflictCopy,
    Status,
    Submission,
    Transition,
)
from jixiao.web.submissions.selectors import evaluate_cached
from jixiao.web.submissions.signals import moved
from jixiao.web.submissions.workflow import EDITABLE, MOVES

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    from jixiao.pipeline import Evaluation

    User = AbstractBaseUser | AnonymousUser


class Refused(Exception):
    """A write that is not allowed now (wrong state, errors left, missing comment …)."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Saved:
    """The outcome of a save: the current submission, a conflict copy or none.

    `evaluation` is that of the data given, stored or (on a conflict) kept in the copy.
    """

    submission: Submission
    evaluation: Evaluation
    conflict: ConflictCopy | None = None

    @property
    def accepted(self) -> bool:
        """False when someone else saved first and this data went to a conflict copy."""
        return self.conflict is None


_JSON_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A data tree as JSON can hold it: Decimals as their exact text, tuples as lists.

    Exact types are tried first: a save of a 2,000-project unit walks ~230,000 nodes,
    nearly all plain strings, dicts and lists; the `isinstance` chain is for the rest.
    """
    kind = type(value)
    if kind is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if kind is list:
        return [plain(v) for v in value]
    if kind in _JSON_LEAVES:
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def apply_evaluation(sub: Submission, data: Any) -> Evaluation:
    """Evaluate `data` and copy the summary into the submission's dashboard columns.

    Through the page cache (`evaluate_cached`): the new submission's page shows it next.
    """
    result = evaluate_cached(data)
    _copy_summary(sub, result)
    return result


def _copy_summary(sub: Submission, result: Evaluation) -> None:
    for name, value in result.summary.pick(SUMMARY_COLUMNS).items():
        setattr(sub, name, value)


def create(
    user: User, unit: Unit, year: int, data: dict[str, Any], *, source: str = "空白"
) -> Saved:
    """A new draft for `unit` and `year` (one per unit and year)."""
    data = plain({**data, "fiscal_year": year})
    data.setdefault("unit", {}).setdefault("name", unit.name)
    require(user, Action.EDIT, _Scope(unit))
    sub = Submission(unit=unit, fiscal_year=year, data=data, updated_by=_user(user))
    result = apply_evaluation(sub, data)
    _stamp(sub, user, f"新建（{source}）")
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:
        raise Refused(f"{unit.name} {year}年的自评已存在，请打开它继续填报。") from None
    return Saved(sub, result)


def create_from_last_year(user: User, unit: Unit, year: int) -> Saved:
    """A new draft starting from the unit's latest earlier submission (see `carry.py`)."""
    previous = (
        Submission.objects.filter(unit=unit, fiscal_year__lt=year).order_by("-fiscal_year").first()
    )
    if previous is None:
        raise Refused(f"{unit.name}没有{year}年以前的自评，无法从上年复制。")
    return create(
        user, unit, year, carry_forward(previous.data, year), source=f"{previous.fiscal_year}年复制"
    )


def save(
    user: User,
    sub: Submission,
    data: dict[str, Any],
    *,
    base_version: int,
    section: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> Saved:
    """Store new data as the next version, unless someone saved since `base_version`.

    A stale save is not an error the user can lose work to: the data goes to a
    `ConflictCopy` and the caller shows both versions. Saving data with problems is
    allowed (a draft may be incomplete); only sending it on is refused.
    """
    require(user, Action.EDIT, sub)
    # Pinned before the checks, so the summary stored with the row is that of the data stored.
    data = pinned(sub, plain(data))
    # Evaluate before taking the row lock: the checks may take seconds on a large draft,
    # and another unit's save must never wait for them (on SQLite the whole file is locked).
    # Through the page cache: the page the save leads to shows this evaluation, unrepeated.
    result = evaluate_cached(data)
    conflict: ConflictCopy | None = None
    with transaction.atomic():
        current = Submission.objects.select_for_update().select_related("unit").get(pk=sub.pk)
        if current.status not in EDITABLE:
            raise Refused(f"当前状态为“{current.get_status_display()}”，不能修改。")
        data = pinned(current, data)
        refusal = target_edit_refusal(current, data)
        if refusal is not None:
            raise Refused(refusal, code="locked_target")
        if current.version != base_version:
            copy = ConflictCopy.objects.create(
                submission=current,
                base_version=base_version,
                current_version=current.version,
                section=section,
                data=data,
                author=_user(user),
            )
            record(
                AuditEvent.Kind.CONFLICT,
                actor=user,
                request=request,
                submission_id=current.pk,
                base_version=base_version,
                current_version=current.version,
            )
            conflict = copy
        else:
            _copy_summary(current, result)
            current.data = data
            current.version += 1
            current.updated_by = _user(user)
            _stamp(current, user, reason or (f"保存：{section}" if section else "保存"))
            current.save()
    # On a conflict too the evaluation is of the data given: the page shows the user's
    # values again with their problems, so nothing needs checking a second time.
    return Saved(current, result, conflict)


def pinned(sub: Submission, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the submission's own year and unit name, whatever was posted.

    A submission is one unit's one year: the list, the dashboard, the file names and the
    one-per-year constraint all use the row's year and unit, so the data may not say
    otherwise (a new year is a new submission: "从上年复制"). The unit name is the one
    stored when the submission was made (a full name such as "湘江县司法局（本级）" stays).
    """
    stored = sub.data if isinstance(sub.data, dict) else {}
    unit = stored.get("unit") if isinstance(stored.get("unit"), dict) else {}
    name = (unit or {}).get("name") or sub.unit.name
    out = {**data, "fiscal_year": sub.fiscal_year}
    posted_unit = out.get("unit")
    out["unit"] = {**(posted_unit if isinstance(posted_unit, dict) else {}), "name": name}
    return out


def restore(
    user: User,
    sub: Submission,
    history_id: int,
    *,
    base_version: int,
    request: HttpRequest | None = None,
) -> Saved:
    """Make an earlier version the current data again (as a new version, history kept)."""
    old = sub.history.filter(history_id=history_id).first()
    if old is None:
        raise Refused("找不到该历史版本。")
    saved = save(
        user,
        sub,
        old.data,
        base_version=base_version,
        reason=f"恢复到第{old.version}版",
        request=request,
    )
    if saved.accepted:
        record(
            AuditEvent.Kind.RESTORE,
            actor=user,
            request=request,
            submission_id=sub.pk,
            restored_version=old.version,
        )
    return saved


def move(
    user: User,
    sub: Submission,
    action: Action,
    *,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Submission:
    """Perform one workflow move (see `workflow.MOVES`); the only way the state changes."""
    step = MOVES.get(action)
    if step is None:
        raise Refused("未知的操作。")
    require(user, action, sub)
    comment = comment.strip()
    # The checks run on a snapshot before the row lock; the move goes ahead only if that
    # snapshot is still the current version (else the user is asked to try again).
    snapshot = Submission.objects.only("version", "data").get(pk=sub.pk)
    checked = evaluate_cached(snapshot.data) if step.needs_clean else None
    with transaction.atomic():
        current = Submission.objects.select_for_update().select_related("unit").get(pk=sub.pk)
        if current.status not in step.sources:
            raise Refused(
                f"当前状态为“{current.get_status_display()}”，不能执行“{step.label}”。",
                code="state",
            )
        if step.needs_comment and not comment:
            raise Refused(f"“{step.label}”必须填写意见。", code="comment")
        if step.needs_unopened and opened_by_bureau(current):
            raise Refused(
                "财政审核人已打开这份自评，不能再撤回。如需修改，请联系财政审核人退回。",
                code="opened",
            )
        if checked is not None:
            if current.version != snapshot.version:
                raise Refused("数据刚刚被其他人修改，请刷新页面后重试。", code="conflict")
            _copy_summary(current, checked)
            if checked.has_errors:
                raise Refused(
                    f"还有 {current.errors} 个错误未改正，不能“{step.label}”。请先在问题清单中逐项修改。",
                    code="errors",
                )
        source = current.status
        current.status = step.target
        now = timezone.now()
        if step.target == Status.SUBMITTED:
            current.submitted_at = now
        if step.target in (Status.APPROVED, Status.RETURNED):
            current.decided_at = now
        _stamp(current, user, f"{step.label}：{comment}" if comment else step.label)
        current.save()
        transition = Transition.objects.create(
            submission=current,
            action=action.value,
            source=source,
            target=step.target,
            actor=_user(user),
            comment=comment,
            version=current.version,
        )
        if step.target == Status.PUBLISHED:
            from jixiao.web.publishing.services import publish_copy

            publish_copy(current)
        moved.send(sender=Submission, submission=current, transition=transition, actor=user)
        record(
            AuditEvent.Kind.TRANSITION,
            actor=user,
            request=request,
            submission_id=current.pk,
            action=action.value,
            source=source,
            target=step.target.value,
            comment=comment,
        )
    return current


def opened_by_bureau(sub: Submission) -> bool:
    """Whether a finance reviewer opened the review page since the submission was sent."""
    from jixiao.web.notices.models import Opening

    if sub.submitted_at is None:
        return False
    return Opening.objects.filter(submission_id=sub.pk, at__gte=sub.submitted_at).exists()


def blocked(sub: Submission, action: Action) -> bool:
    """A move the state table allows but a side condition refuses now (撤回 once opened)."""
    step = MOVES.get(action)
    return step is not None and step.needs_unopened and opened_by_bureau(sub)


@dataclass(frozen=True)
class _Scope:
    """A not-yet-created submission's scope, for the permission check on create."""

    unit: Unit

    @property
    def unit_id(self) -> int:
        return int(self.unit.pk)

    @property
    def region_id(self) -> int:
        return int(self.unit.region_id)


def _stamp(sub: Submission, user: User, reason: str) -> None:
    """Who and why, for the history row simple-history writes on the next save()."""
    sub._change_reason = reason[:100]  # type: ignore[attr-defined]
    sub._history_user = _user(user)  # type: ignore[attr-defined]


def _user(user: User) -> Any:
    return user if user.is_authenticated else None


author = _user
"""The user to record as author (None for the anonymous), for other apps' records."""
