"""Wall time and peak memory of `manage.py reevaluate` on a seeded PostgreSQL database, against a naive baseline.

    createdb -h 127.0.0.1 -U postgres bench_reevaluate
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reevaluate
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --enterprises 100000 --seed 1
    .venv/bin/python benchmarks/bench_reevaluate.py [--sample 500] [--as-of 2026-06-01]

Runs, each in a child process (peak RSS from the kernel's accounting of that child):
1. `manage.py reevaluate` on empty stored assessments (every row is new: the full nightly cost),
2. the same again (nothing changed: the usual night),
then the naive baseline in this process: `--sample` enterprises one at a time through the ORM (the enterprise,
its facts by `enterprise_facts`, the engine, `update_or_create` per tier), rolled back, extrapolated to all
enterprises. Prints the ratio baseline / first run. Stored assessments are emptied first (TRUNCATE): use a
database of its own. Goals (issue 7): at most 20 s and 300 MiB for 100,000 enterprises.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402 - after the settings module is chosen

django.setup()

from django.db import connection, transaction  # noqa: E402 - after django.setup()

from accreditation.criteria import assess  # noqa: E402 - after django.setup()
from accreditation.facts import enterprise_facts  # noqa: E402 - after django.setup()
from accreditation.models import EligibilityAssessment  # noqa: E402 - after django.setup()
from accreditation.reevaluation import reevaluation_plan  # noqa: E402 - after django.setup()
from enterprises.models import Enterprise  # noqa: E402 - after django.setup()


def run_command(as_of: dt.date) -> tuple[dict, float, float]:
    """`manage.py reevaluate` in a child: its JSON line, wall seconds and peak RSS in MiB."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    command = [sys.executable, str(ROOT / "manage.py"), "reevaluate", "--quiet", "--as-of", as_of.isoformat()]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603 - our own command
    # wait4 gives this child's own peak RSS; its output (one line with --quiet) fits in the pipe meanwhile.
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    out = child.stdout.read()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"manage.py reevaluate failed: {os.waitstatus_to_exitcode(status)}")
    return json.loads(out.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024


def naive(sample: int, as_of: dt.date) -> float:
    """Seconds per enterprise, one at a time through the ORM; nothing it writes is kept."""
    plan = reevaluation_plan(as_of=as_of)
    ids = list(Enterprise.objects.order_by("?").values_list("pk", flat=True)[:sample])
    start = time.perf_counter()
    with transaction.atomic():
        for pk in ids:
            enterprise = Enterprise.objects.get(pk=pk)
            facts = enterprise_facts(enterprise, as_of=as_of)
            for version, tiers in plan.by_version.items():
                result = assess(facts, version=version, as_of=as_of, park=plan.park)
                for code, tier in result.tiers.items():
                    tier_id = plan.park_tier_id if code == "park-pool" else tiers.get(code)
                    if tier_id is None:
                        continue
                    EligibilityAssessment.objects.update_or_create(
                        enterprise=enterprise,
                        tier_id=tier_id,
                        criteria_version=tier.version,
                        defaults={
                            "eligible": tier.eligible,
                            "route": tier.route or "",
                            "score": tier.score,
                            "missing": list(tier.missing),
                            "facts_hash": "",
                            "updated": dt.datetime.now(dt.UTC),
                        },
                    )
        transaction.set_rollback(True)
    return (time.perf_counter() - start) / len(ids)


def row(label: str, changed: int, wall: float, peak: float) -> None:
    print(f"{label:44} {changed:>9,} {wall:>8.1f} {peak:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=500, help="enterprises in the naive baseline")
    parser.add_argument("--as-of", default="2026-06-01", help="evaluation date")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the seeded PostgreSQL database.")
    total = Enterprise.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE accreditation_eligibilitychange, accreditation_eligibilityassessment, "
            "accreditation_reevaluationchunk, accreditation_reevaluationrun"
        )
    connection.close()
    print(f"{total:,} enterprises on {connection.settings_dict['NAME']}, as of {as_of}\n")
    print(f"{'run':44} {'changed':>9} {'wall s':>8} {'peak MiB':>9}")
    first, first_wall, first_peak = run_command(as_of)
    row("manage.py reevaluate, nothing stored", first["assessments_changed"], first_wall, first_peak)
    again, again_wall, again_peak = run_command(as_of)
    row("manage.py reevaluate, nothing changed", again["assessments_changed"], again_wall, again_peak)
    per = naive(args.sample, as_of)
    baseline = per * total
    print(f"{f'naive, {args.sample} one at a time, extrapolated':44} {'':>9} {baseline:>8.1f}")
    print(
        f"\nnaive / reevaluate (nothing stored): {baseline / first_wall:.1f}x; "
        f"command's own seconds: {first['seconds']} and {again['seconds']}"
    )


if __name__ == "__main__":
    main()
