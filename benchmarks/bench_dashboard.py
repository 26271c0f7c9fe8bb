"""Latency of the officials' home dashboard on a seeded PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports \
        .venv/bin/python benchmarks/bench_dashboard.py [--rounds 30]

The database must be migrated and seeded: `manage.py seed_demo --enterprises 100000 --seed 1` (and, for the
alert counts to count something, `manage.py reevaluate` and the alerts pass). The script signs in an official
(created once, `bench-official@example.com`), requests the home page in-process with the Django test client,
`--rounds` times after one warm-up, and prints the median and p95 of the whole page, then of each aggregate
query on its own (`--rounds` times each), with the query count of one page. The page is timed twice: as served
while nothing in the pool changed (its two heaviest aggregates come from the cache, see
`portal.dashboard.pool_aggregates`), and as the first visit after a change (the cache emptied before each
request). Goal: p95 under 300 ms. Nothing is written but the benchmark user (and its session).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402 - after django.setup()
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402 - after django.setup()
from django.urls import reverse  # noqa: E402 - after django.setup()

from accreditation import dashboard_selectors as aggregates  # noqa: E402 - after django.setup()
from accreditation.alerts.selectors import alert_counts  # noqa: E402 - after django.setup()
from accreditation.models import Accreditation  # noqa: E402 - after django.setup()
from enterprises.models import Enterprise  # noqa: E402 - after django.setup()
from portal.core.roles import Role  # noqa: E402 - after django.setup()
from portal.models import User  # noqa: E402 - after django.setup()
from portal.tests.second_factor import SignedInClient  # noqa: E402 - after django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call, rounds: int) -> list[float]:
    call()  # warm-up
    timings = []
    for _round in range(rounds):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def line(label: str, timings: list[float]) -> str:
    return f"{label:44} {statistics.median(timings):>10.0f} {percentile(timings, 0.95):>8.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="timed requests (and timed runs of each query)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the seeded PostgreSQL database.")
    setup_test_environment()
    official, _created = User.objects.get_or_create(
        email="bench-official@example.com", defaults={"full_name": "Benchmark Official"}
    )
    official.add_role(Role.OFFICIAL)
    client = SignedInClient()  # signed in with both factors, as officials must be
    client.force_login(official)
    url = reverse("home")

    enterprises, records = Enterprise.objects.count(), Accreditation.objects.count()
    print(f"{enterprises:,} enterprises, {records:,} accreditation records on {connection.settings_dict['NAME']}")
    with CaptureQueriesContext(connection) as page_queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    pyramid = response.context["dashboard"].chart("pyramid")
    print(f"{len(page_queries)} queries per page; {pyramid.footer.cells[0].value:,} enterprises in the pool\n")

    print(f"{'':44} {'median ms':>10} {'p95 ms':>8}")
    page = timed(lambda: client.get(url), args.rounds)
    print(line(f"home page, pool aggregates cached ({args.rounds})", page))

    def cold():
        cache.clear()
        client.get(url)

    first = timed(cold, args.rounds)
    print(line(f"home page, first visit after a change ({args.rounds})", first))
    day = datetime.date.today()
    queries = [
        ("  pool by tier and section", lambda: aggregates.pool_by_tier_and_section(day=day)),
        ("  grants by year and tier", aggregates.grants_by_year_and_tier),
        ("  expiring by tier and status", lambda: aggregates.expiring_by_tier_and_status(day=day)),
        ("  open applications by state", aggregates.open_applications_by_state),
        ("  open alerts by kind", alert_counts),
    ]
    for label, call in queries:
        print(line(label, timed(call, args.rounds)))
    print(
        f"\npage p95 {percentile(page, 0.95):.0f} ms cached, {percentile(first, 0.95):.0f} ms computing the pool "
        "(goal: under 300 ms)"
    )


if __name__ == "__main__":
    main()
