"""After the load test: did the large export asked for during the measurement finish, with every row?

    LOAD_STARTED=2026-12-03T18:00:00Z .venv/bin/python benchmarks/load/export_check.py   # DATABASE_URL as the run

The load test's administrator asks for the CSV of every enterprise as they start (benchmarks/load/locustfile.py): a
background job on the heavy queue. Run right after locust stops, this reads that job (the administrator's export of
the enterprise list requested since LOAD_STARTED) and prints one line with its goal: done, before the measurement
ended, with as many rows as there are enterprises. Exits 1 when it is not.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from accreditation.reports.models import ExportJob, ExportSource, ExportState  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402

ADMINISTRATOR = "load-admin-1@example.test"


def main() -> int:
    started = dt.datetime.fromisoformat(os.environ["LOAD_STARTED"].replace("Z", "+00:00"))
    jobs = ExportJob.objects.filter(
        user__email=ADMINISTRATOR, source=ExportSource.ENTERPRISES, in_background=True, created__gte=started
    ).order_by("created")
    enterprises = Enterprise.objects.count()
    label = f"export: CSV of every enterprise ({enterprises:,} rows)"
    goal = "goal: done within the measurement, every row"
    job = jobs.first()
    if job is None:
        print(f"\n{label}: never asked for  ({goal})  MISSED")
        return 1
    seconds = (job.finished - job.created).total_seconds() if job.finished else None
    took = f"done {seconds:.1f} s after it was asked for" if seconds is not None else f"still {job.state}"
    met = job.state == ExportState.DONE and job.rows == enterprises
    rows = f"{job.rows:,}" if job.rows is not None else "no"
    verdict = "" if met else "  MISSED"
    print(f"\n{label}: {job.state}, {rows} rows, {took}, {job.attempts} send(s)  ({goal}){verdict}")
    if job.error:
        print(f"  error: {job.error}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
