"""Seed a fresh database for the web benchmark: 5,000 submissions of one region and year.

Run by `web_bench.py` as a subprocess with JIXIAO_DATA_DIR / DATABASE_URL set, so SQLite and
PostgreSQL runs each get their own Django process. Rows are bulk-inserted (with their
first history row, as a real save would leave) rather than saved one by one: the summary
columns come from real `jixiao.pipeline.evaluate` results of a dozen variants of the
example reports, assigned round-robin, so sorting and filtering see realistic spreads.
A few submissions are walked to 已公开 through the real services so the public pages have
something to list. Prints one JSON line describing what it made (users, ids).
"""

from __future__ import annotations

import copy
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
YEAR = 2023
PASSWORD = "bench-password-2026"
EDITORS = 60
"""Unit editors with a draft each: the save clients (20, or 50 in the mixed run) use them."""
STATUSES = ("draft", "unit_review", "submitted", "submitted", "returned", "approved")


def example(name: str) -> dict[str, Any]:
    from jixiao.formats.submission_file import load_submission

    loaded = load_submission(EXAMPLES / name)
    assert loaded.submission is not None
    data: dict[str, Any] = loaded.submission.model_dump(mode="json", exclude_defaults=True)
    return data


def variants() -> list[dict[str, Any]]:
    """Clean reports with indicator shortfalls and execution rates varied, and one with errors."""
    clean = example("xiangjiang-justice-2023.yaml")
    out = []
    for step in range(12):
        data = copy.deepcopy(clean)
        share = Decimal(step) / 36
        for project in data.get("projects", []):
            for indicator in project.get("indicators", []):
                try:
                    value = Decimal(str(indicator.get("actual")))
                except ArithmeticError:
                    continue
                indicator["actual"] = f"{(value * (1 - share)).quantize(Decimal('0.01')):f}"
                indicator.pop("stated_score", None)
            project.pop("stated_score", None)
            project.pop("stated_grade", None)
        for key in ("self_evaluation", "report", "narrative"):
            data.pop(key, None)  # the stated scores would contradict the lowered actuals
        budget = data["finance"]["budget"]  # execution rate 100 % down to 72.5 %
        budget["full_year"] = f"{(Decimal(budget['executed']) / (1 - Decimal(step) / 40)):.2f}"
        budget.pop("stated_execution_rate", None)
        out.append(data)
    out.append(example("yiyang-justice-2022.yaml"))
    return out


def seed(units: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from jixiao.web.accounts.models import Membership, Region, Role, Unit
    from jixiao.web.submissions.models import Submission
    from jixiao.web.submissions.services import apply_evaluation, plain

    call_command("migrate", interactive=False, verbosity=0)
    region = Region.objects.create(code="4309", name="益阳市")
    Unit.objects.bulk_create(
        Unit(region=region, code=f"9{n:05d}", name=f"益阳市第{n:04d}预算单位") for n in range(units)
    )
    unit_rows = list(Unit.objects.filter(region=region).order_by("code"))
    templates = []
    for data in variants():
        probe = Submission(data=data)
        apply_evaluation(probe, data)
        templates.append(probe)
    now = timezone.now()
    subs = []
    for n, unit in enumerate(unit_rows):
        t = templates[n % len(templates)]
        status = "draft" if n < EDITORS else STATUSES[n % len(STATUSES)]
        data = plain({**t.data, "fiscal_year": YEAR, "unit": {**t.data["unit"], "name": unit.name}})
        subs.append(
            Submission(
                unit=unit,
                fiscal_year=YEAR,
                status=status,
                data=data,
                score=t.score,
                grade=t.grade,
                stated_score=t.stated_score,
                stated_grade=t.stated_grade,
                execution_rate=t.execution_rate,
                total_expenditure=t.total_expenditure,
                projects=t.projects,
                errors=t.errors,
                warnings=t.warnings,
                infos=t.infos,
                submitted_at=now if status in ("submitted", "approved") else None,
            )
        )
    bulk_create_with_history(subs, Submission, batch_size=500)
    ids = dict(Submission.objects.filter(fiscal_year=YEAR).values_list("unit__code", "id"))
    hashed = make_password(PASSWORD)
    users = get_user_model()
    reviewer = users.objects.create(username="bench-reviewer", password=hashed)
    Membership.objects.create(user=reviewer, role=Role.FINANCE_REVIEWER, region=region)
    editors = []
    for n, unit in enumerate(unit_rows[:EDITORS]):
        user = users.objects.create(username=f"bench-editor{n}", password=hashed)
        Membership.objects.create(user=user, role=Role.UNIT_EDITOR, unit=unit)
        editors.append({"username": user.username, "submission": ids[unit.code]})
    with connection.cursor() as cursor:
        # Planner statistics, as autovacuum (PostgreSQL) would gather within a minute of a
        # bulk load; without them PostgreSQL picks nested loops and a filtered dashboard
        # takes 1.3 s instead of 40 ms.
        cursor.execute("ANALYZE")
    return {
        "year": YEAR,
        "region": region.pk,
        "region_code": region.code,
        "password": PASSWORD,
        "reviewer": reviewer.username,
        "editors": editors,
        "submissions": len(ids),
        "sample": sorted(ids.values())[EDITORS : EDITORS + 200],
        "published": publish_a_few(unit_rows[EDITORS : EDITORS + 3], ids),
    }


def publish_a_few(units: list[Any], ids: dict[str, int]) -> list[int]:
    """Walk three clean submissions to 已公开 through the services (public copies made)."""
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.accounts.permissions import Action
    from jixiao.web.submissions import services
    from jixiao.web.submissions.models import Submission

    users = get_user_model()
    admin = users.objects.create(username="bench-admin")
    Membership.objects.create(user=admin, role=Role.ADMIN)
    published = []
    for unit in units:
        sub = Submission.objects.get(pk=ids[unit.code])
        Submission.objects.filter(pk=sub.pk).update(status="draft")
        for action in (Action.SEND_TO_APPROVER, Action.FORWARD, Action.APPROVE, Action.PUBLISH):
            try:
                services.move(admin, Submission.objects.get(pk=sub.pk), action)
            except services.Refused:
                break
        if Submission.objects.get(pk=sub.pk).status == "published":
            published.append(sub.pk)
    return published


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.dev")
    import django

    django.setup()
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    print(json.dumps(seed(units)))


if __name__ == "__main__":
    main()
