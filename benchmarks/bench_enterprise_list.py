"""Latency of the official's enterprise list (filters, sorting, paging) on a seeded PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_enterprises \
        .venv/bin/python benchmarks/bench_enterprise_list.py [--rounds 5]

The database must be migrated and seeded: `manage.py seed_demo --enterprises 100000 --seed 1`. The script
signs in an official (created once, `bench-official@example.com`), requests the list in-process with the Django
test client for a set of filter combinations, `--rounds` times each after one warm-up, and prints the median and
p95 latency per combination and over all requests. Goal: p95 under 300 ms.
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

from django.db import connection  # noqa: E402 - after django.setup()
from django.test.utils import setup_test_environment  # noqa: E402 - after django.setup()
from django.urls import reverse  # noqa: E402 - after django.setup()

from enterprises.models import Enterprise, Sector  # noqa: E402 - after django.setup()
from portal.core.roles import Role  # noqa: E402 - after django.setup()
from portal.models import User  # noqa: E402 - after django.setup()
from portal.tests.second_factor import SignedInClient  # noqa: E402 - after django.setup()


def combinations() -> list[tuple[str, dict]]:
    some = Enterprise.objects.order_by("pk").values("uscc", "name_zh")[5000]
    section_c = Sector.objects.get(code="C").pk
    return [
        ("no filter, first page", {}),
        ("page 1000", {"page": "1000"}),
        ("sorted by USCC descending", {"sort": "-uscc"}),
        ("whole USCC", {"q": some["uscc"]}),
        ("part of a name", {"q": some["name_zh"][2:6]}),
        ("district", {"district": "320583"}),
        ("sector C", {"sector": str(section_c)}),
        ("size class small", {"size_class": "small"}),
        ("size class medium, district", {"size_class": "medium", "district": "320571"}),
        ("verified member", {"verified": "true"}),
        ("annual update not done", {"annual_update_done": "false"}),
        ("sorted by size class", {"sort": "size_class"}),
        ("current tier specialized", {"current_tier": "specialized"}),
        ("current tier specialized, sector C", {"current_tier": "specialized", "sector": str(section_c)}),
        ("current tier innovative, page 100", {"current_tier": "innovative", "page": "100"}),
        ("current tier single champion", {"current_tier": "single-champion"}),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed requests per combination")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the seeded PostgreSQL database.")
    setup_test_environment()
    official, _created = User.objects.get_or_create(
        email="bench-official@example.com", defaults={"full_name": "Benchmark Official"}
    )
    official.add_role(Role.OFFICIAL)
    client = SignedInClient()  # past the second factor too, with the known test authenticator
    client.force_login(official)
    url = reverse("enterprises:list")
    total = Enterprise.objects.count()
    print(f"{total:,} enterprises on {connection.settings_dict['NAME']}; {args.rounds} timed requests per row\n")
    print(f"{'filter':36} {'rows':>8} {'median ms':>10} {'p95 ms':>8}")
    every: list[float] = []
    for label, params in combinations():
        response = client.get(url, params)  # warm-up
        assert response.status_code == 200, response.status_code
        rows = response.context["table"].paginator.count
        timings = []
        for _round in range(args.rounds):
            start = time.perf_counter()
            client.get(url, params)
            timings.append((time.perf_counter() - start) * 1000)
        every += timings
        print(f"{label:36} {rows:>8,} {statistics.median(timings):>10.0f} {percentile(timings, 0.95):>8.0f}")
    print(
        f"\nall {len(every)} requests: median {statistics.median(every):.0f} ms, p95 {percentile(every, 0.95):.0f} ms"
    )


if __name__ == "__main__":
    main()
