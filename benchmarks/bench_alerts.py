"""Alerts at scale: the daily refresh of every enterprise's alerts, the periodic pass, the digest, and the
officials' alerts page, on a seeded and re-evaluated PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_alerts .venv/bin/python benchmarks/bench_alerts.py

The database must be migrated, seeded (`manage.py seed_demo --enterprises 100000 --seed 1`) and re-evaluated
(`manage.py reevaluate`). The script empties the alert tables (and alert notices) first, so it can run again.
It prints the wall time and query count of each task, run twice (the second run must raise and send nothing),
then the median and p95 latency and the query count of the alerts page for a set of filters.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402 - after django.setup()
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402 - after django.setup()
from django.urls import reverse  # noqa: E402 - after django.setup()
from django.utils import timezone  # noqa: E402 - after django.setup()

from accreditation.alerts.models import Alert, AlertCursor  # noqa: E402 - after django.setup()
from accreditation.alerts.notify import ALERT_NOTICE_KINDS  # noqa: E402 - after django.setup()
from accreditation.alerts.raising import alerts_refresh_all, alerts_refresh_touched  # noqa: E402
from accreditation.notices.models import Digest, DigestLine, Notice  # noqa: E402 - after django.setup()
from accreditation.notices.services import digests_send  # noqa: E402 - after django.setup()
from enterprises.models import Sector  # noqa: E402 - after django.setup()
from portal.core.roles import Role  # noqa: E402 - after django.setup()
from portal.models import User  # noqa: E402 - after django.setup()
from portal.tests.second_factor import SignedInClient  # noqa: E402 - after django.setup()


def timed(label: str, work) -> object:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
    print(f"{label:<46} {seconds:8.2f} s {len(captured):7d} queries  {result}")
    return result


def analyze() -> None:
    """Planner statistics for the freshly written rows (this server runs with autovacuum off)."""
    with connection.cursor() as cursor:
        for table in ("accreditation_alert", "accreditation_notice", "accreditation_digestline"):
            cursor.execute(f"ANALYZE {table}")


def page_latency(rounds: int) -> None:
    official, created = User.objects.get_or_create(
        email="bench-official@example.com", defaults={"full_name": "Bench Official"}
    )
    if created:
        official.add_role(Role.OFFICIAL)
    client = SignedInClient()  # signed in with both factors, as officials must be
    client.force_login(official)
    url = reverse("accreditation:alerts")
    combos = [
        ("open, first page", {}),
        ("page 100", {"page": "100"}),
        ("kind: eligible for a higher tier", {"kind": "eligible_higher"}),
        ("kind: holder no longer meets", {"kind": "criteria_unmet"}),
        ("tier little-giant", {"tier": "little-giant"}),
        ("district", {"district": "320583"}),
        ("sector C", {"sector": str(Sector.objects.get(code="C").pk)}),
        ("expiring within 30 days", {"kind": "expiring", "soon": "true"}),
        ("raised today", {"raised_from": timezone.localdate().isoformat()}),
        ("open and resolved", {"state": "all"}),
    ]
    everything = []
    print(f"\n{'alerts page':<36} {'rows':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, query in combos:
        client.get(url, query)  # warm-up
        times = []
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, query)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        everything += times
        rows = response.context["table"].paginator.count
        print(f"{label:<36} {rows:>8} {statistics.median(times):>10.0f} {max(times):>8.0f} {len(captured):>8}")
    everything.sort()
    p95 = everything[min(len(everything) - 1, round(0.95 * (len(everything) - 1)))]
    print(f"{'all requests':<36} {'':>8} {statistics.median(everything):>10.0f} {p95:>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--page-only", action="store_true", help="only time the page (alerts already raised)")
    args = parser.parse_args()
    setup_test_environment()
    reset_queries()
    if args.page_only:
        page_latency(args.rounds)
        return

    DigestLine.objects.all().delete()
    Digest.objects.all().delete()
    Notice.objects.filter(kind__in=ALERT_NOTICE_KINDS).delete()
    Alert.objects.all().delete()
    AlertCursor.objects.all().delete()
    print(f"{'step':<46} {'wall':>10} {'':>15}  result")
    timed("daily refresh of every enterprise (first)", lambda: alerts_refresh_all())
    analyze()
    timed("daily refresh of every enterprise (again)", lambda: alerts_refresh_all())
    timed("periodic pass, no cursor yet (every change)", lambda: alerts_refresh_touched())
    timed("periodic pass, nothing new since", lambda: alerts_refresh_touched())
    timed("digest emails (locmem backend)", lambda: digests_send(today=timezone.localdate()))
    timed("digest emails again (same day)", lambda: digests_send(today=timezone.localdate()))
    print(f"open alerts: {Alert.objects.filter(resolved__isnull=True).count()}")
    analyze()
    page_latency(args.rounds)


if __name__ == "__main__":
    main()
