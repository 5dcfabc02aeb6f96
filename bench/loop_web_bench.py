"""Monitoring board and calibration page over 5,000 units × 10 projects (target p95 ≤ 300 ms).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python -m bench.loop_web_bench [UNITS] [ONLY]
(ONLY: a word the measured page names must contain, e.g. "calibration").
The database named in the URL is migrated and filled (its loop and submission tables are
emptied first, so use a database of its own): one region of UNITS units; a 1–7月 round
with every unit's figures for itself and 10 projects (spending rows in the JSON, 0–6
warnings each, stored as rows); two years of re-reviews (one per unit and year, 10 rows
each), their calibration totals recounted once. Then, signed in as the region's reviewer, sequential GETs of each page through
Django's test client (in process: the view, its queries and the template, without the
HTTP server), ≥ 200 per page; p50/p95/p99 printed beside the target. On a machine shared
with other work the figures are upper bounds; the page sizes (50 rows) and the set-based
selectors keep the work per request independent of UNITS.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from decimal import Decimal

TARGET_MS = 300.0
REQUESTS = 200


def seed(units: int) -> tuple[object, int]:
    """Fill the database; returns the reviewer and the round id."""
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Membership, Region, Role, Unit
    from jixiao.web.loop.models import MonitoringRound, Rereview, RoundAlert, RoundFiling
    from jixiao.web.loop.services import rebuild_calibration
    from jixiao.web.submissions.models import Submission

    rng = random.Random(11)
    for model in (RoundAlert, RoundFiling, MonitoringRound, Rereview, Submission):
        model.objects.all().delete()
    Membership.objects.all().delete()
    get_user_model().objects.filter(username="bench-reviewer").delete()
    Unit.objects.all().delete()
    Region.objects.all().delete()
    region = Region.objects.create(code="9999", name="基准市")
    Unit.objects.bulk_create(
        Unit(region=region, code=f"{i:06d}", name=f"基准单位{i:05d}") for i in range(units)
    )
    listed = list(Unit.objects.filter(region=region).order_by("code"))
    reviewer = get_user_model().objects.create_user(username="bench-reviewer", password="x")
    Membership.objects.create(user=reviewer, role=Role.FINANCE_REVIEWER, region=region)
    round_ = MonitoringRound.objects.create(region=region, fiscal_year=2024, name="1–7月", months=7)
    filings = []
    for unit in listed:
        spending = [
            {"project": f"项目{p}", "full_year": "100", "executed": str(rng.randint(10, 90))}
            for p in range(10)
        ]
        red, yellow = rng.randint(0, 3), rng.randint(0, 3)
        filings.append(
            RoundFiling(
                round=round_,
                unit=unit,
                data={"spending": spending},
                red=red,
                yellow=yellow,
                has_targets=rng.random() < 0.8,
            )
        )
    RoundFiling.objects.bulk_create(filings, batch_size=1000)
    alerts = []
    for filing in RoundFiling.objects.filter(round=round_):
        for k in range(filing.red + filing.yellow):
            alerts.append(
                RoundAlert(
                    filing=filing,
                    round=round_,
                    unit_id=filing.unit_id,
                    subject=f"项目{k}",
                    level="red" if k < filing.red else "yellow",
                    rule="execution-lag",
                    message=f"「项目{k}」截至1–7月执行率30.00%，低于时间进度58.33%达28.33个百分点",
                )
            )
    RoundAlert.objects.bulk_create(alerts, batch_size=2000)
    kinds = ["行政单位", "事业单位", "参公单位"]
    for year in (2022, 2023):
        subs = Submission.objects.bulk_create(
            (Submission(unit=u, fiscal_year=year, data={}, status="approved") for u in listed),
            batch_size=1000,
        )
        reviews = []
        for unit, sub in zip(listed, subs, strict=True):
            own = Decimal(rng.randint(80, 100))
            rows = [
                {
                    "key": f"p{p}.0",
                    "label": f"项目{p}／指标",
                    "weight": "10",
                    "self_score": "10",
                    "review_score": str(rng.randint(5, 10)),
                    "note": "",
                    "difference": "0",
                }
                for p in range(10)
            ]
            review = own - Decimal(rng.randint(0, 15))
            reviews.append(
                Rereview(
                    submission=sub,
                    unit=unit,
                    fiscal_year=year,
                    unit_kind=rng.choice(kinds),
                    rows=rows,
                    self_total=own,
                    review_total=review,
                    self_grade="优" if own >= 90 else "良",
                    review_grade="优" if review >= 90 else "良",
                )
            )
        Rereview.objects.bulk_create(reviews, batch_size=1000)
    # Bulk-loaded re-reviews bypass save_rereview: count them once, as a recount would.
    rebuild_calibration(region)
    return reviewer, round_.pk


def measure(client: object, url: str) -> list[float]:
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database of its own (it is emptied)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    reviewer, round_id = seed(units)
    from django.db import connection

    with connection.cursor() as cursor:  # statistics, as autovacuum would leave them
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {units} units × 10 projects in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(reviewer)  # type: ignore[arg-type]
    pages = {
        "monitoring board": f"/loop/review/rounds/{round_id}/",
        "board, red only, page 20": f"/loop/review/rounds/{round_id}/?level=red&page=20",
        "calibration by unit": "/loop/review/calibration/",
        "calibration by kind": "/loop/review/calibration/?by=kind",
        "calibration by year, page 1": "/loop/review/calibration/?by=year",
        "API warnings": f"/api/rounds/{round_id}/warnings/",
        "API calibration": "/api/calibration/",
    }
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    pages = {name: url for name, url in pages.items() if only in name}
    print(f"{'page':32} {'p50':>8} {'p95':>8} {'p99':>8}   target p95 ≤ {TARGET_MS:.0f} ms")
    worst = 0.0
    for name, url in pages.items():
        client.get(url)  # warm
        times = sorted(measure(client, url))
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
        p99 = times[int(len(times) * 0.99) - 1]
        worst = max(worst, p95)
        print(
            f"{name:32} {p50:7.1f}ms {p95:7.1f}ms {p99:7.1f}ms   {'PASS' if p95 <= TARGET_MS else 'FAIL'}"
        )
    print(
        f"worst p95 {worst:.1f} ms (target {TARGET_MS:.0f} ms); machine load: {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
