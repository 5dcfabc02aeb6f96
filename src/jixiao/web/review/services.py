"""Every write of the finance pages: comments and report audits.

Workflow moves are not here: they go through `submissions.services.move`, the only way
a submission's state changes. Audits run the pipeline's `audit` on each upload and
keep the result; a file that cannot be read or that breaks the reader becomes a message,
never a server error.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from jixiao.core.problems import count_by_severity, problems_to_dict
from jixiao.pipeline import AuditResult, audit
from jixiao.web.accounts.permissions import Action, membership, require, require_reviewer
from jixiao.web.review.models import AuditRun, ReviewComment
from jixiao.web.submissions.services import Refused

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from jixiao.web.submissions.models import Submission

    User = AbstractBaseUser | AnonymousUser

log = logging.getLogger(__name__)
SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")
MAX_FILES = 20


def add_comment(user: User, sub: Submission, section: str, text: str) -> ReviewComment:
    """A reviewer's comment on a section, stamped with the version it was written against."""
    require(user, Action.REVIEW, sub)
    text = text.strip()
    if not text:
        raise Refused("意见不能为空。")
    return ReviewComment.objects.create(
        submission=sub, section=section, text=text, author=_user(user), version=sub.version
    )


@dataclass
class AuditOutcome:
    """The runs stored, and a message for each file that was not audited."""

    runs: list[AuditRun] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _refusal(name: str, size: int) -> str | None:
    limit = settings.UPLOAD_LIMIT_BYTES
    if size > limit:
        return f"“{name}”有{size:,}字节，超过{limit // (1024 * 1024)} MB的上限，未核查。"
    if size == 0:
        return f"“{name}”是空文件，未核查。"
    if not name.lower().endswith(SUFFIXES):
        return f"“{name}”不是 txt、docx、pdf 或 html 文件，未核查。"
    return None


def audit_uploads(user: User, uploads: list[Any]) -> AuditOutcome:
    """Audit each uploaded report and store the findings (one `AuditRun` per file)."""
    require_reviewer(user)
    outcome = AuditOutcome()
    if not uploads:
        outcome.refused.append("请选择要核查的报告文件（txt、docx、pdf 或 html）。")
    if len(uploads) > MAX_FILES:
        outcome.refused.append(f"一次最多核查{MAX_FILES}个文件，只核查了前{MAX_FILES}个。")
    for upload in uploads[:MAX_FILES]:
        name = str(upload.name or "未命名")[-200:]
        refusal = _refusal(name, int(upload.size or 0))
        if refusal is not None:
            outcome.refused.append(refusal)
            continue
        run = audit_one(user, name, upload.read(settings.UPLOAD_LIMIT_BYTES + 1))
        if run is None:
            outcome.refused.append(f"“{name}”无法读取（文件损坏或格式不符），未核查。")
        else:
            outcome.runs.append(run)
    return outcome


def audit_one(user: User, name: str, data: bytes) -> AuditRun | None:
    """Audit one document and store the run; None when the reader itself failed."""
    result = run_audit(name, data)
    return None if result is None else store_audit(user, name, data, result)


def run_audit(name: str, data: bytes) -> AuditResult | None:
    """The auditor's findings for one document (the slow part: never inside a transaction)."""
    try:
        return audit(name, data)
    except Exception:  # a reader bug must not become a 500; the log keeps the trace
        log.exception("audit of %s failed", name)
        return None


def store_audit(user: User, name: str, data: bytes, result: AuditResult) -> AuditRun:
    """Keep one audit's findings (a batch job calls this inside its item's transaction)."""
    counts = count_by_severity(result.problems)
    found = membership(user)
    return AuditRun.objects.create(
        author=_user(user),
        region=None if found is None else found.region,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        unreadable=result.unreadable,
        text=result.document.text if result.document else "",
        findings=problems_to_dict(result.problems, source=name, extra={"stats": result.stats}),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
    )


def _user(user: User) -> Any:
    """The user for a foreign key (None for anonymous, which the views never let in)."""
    return user if user.is_authenticated else None
