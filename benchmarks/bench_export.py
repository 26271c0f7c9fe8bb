"""Wall time and peak memory of exporting the whole enterprise list on a seeded PostgreSQL database.

    createdb -h 127.0.0.1 -U postgres bench_reports
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --enterprises 100000 --seed 1
    .venv/bin/python manage.py reevaluate --quiet          # stored verdicts, for the "next tier" column
    .venv/bin/python benchmarks/bench_export.py [--formats csv xlsx summary] [--rounds 1]

Each run is a child process that does what a worker does for a large export: it counts the rows as the view
does, logs an `ExportJob` of an administrator's unfiltered enterprise list (every enterprise; the summary
workbook for `summary`), and runs it with `export_job_run`, which reads the rows (one query on PostgreSQL,
`reports/bulk.py`) and writes the file to private storage (a temporary folder here). "export s" is that work;
"process s" adds the child's start-up; "CPU s" is the child's own CPU time (PostgreSQL's is not in it), which
tells how much of the wall time other work on the machine took. The parent reads the child's peak RSS from the
kernel (`os.wait4`), as bench_reevaluate.py does, and first runs ANALYZE on the tables read (writes statistics
only). Goals: CSV of 100,000 enterprises in at most 5 s and 150 MiB (of 1,000,000: 40 s and 200 MiB); XLSX
in at most 30 s and 200 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (seconds, MiB) by format, for 100,000 enterprises; the CSV of a nation's 1,000,000 has its own goal.
GOALS = {"csv": (5.0, 150), "xlsx": (30.0, 200)}
NATIONAL_CSV_GOAL = (40.0, 200)


def goal_of(fmt: str, rows: int) -> tuple[float, int] | None:
    if fmt == "csv" and rows > 100_000:
        return NATIONAL_CSV_GOAL
    return GOALS.get(fmt)


def child(fmt: str) -> None:
    """In the child: one export, its figures as JSON on stdout."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict

    from accreditation.reports.jobs import export_count, export_job_run, today
    from accreditation.reports.models import ExportJob
    from portal.core.roles import Role
    from portal.models import User

    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the seeded PostgreSQL database.")
    administrator = next(user for user in User.objects.order_by("pk") if user.has_role(Role.ADMINISTRATOR))
    source = "summary" if fmt == "summary" else "enterprises"
    start = time.perf_counter()
    rows = export_count(user=administrator, source=source, query=QueryDict(), day=today())  # as the view does
    job = ExportJob.objects.create(
        user=administrator,
        source=source,
        format="xlsx" if fmt == "summary" else fmt,
        language="zh-hans",
        in_background=True,
        rows=rows,
    )
    job = export_job_run(job_id=job.pk)
    seconds = time.perf_counter() - start  # the count, the log row, the rows and the file
    size = job.file.size if job.file else 0
    print(json.dumps({"state": job.state, "rows": job.rows, "seconds": seconds, "bytes": size, "error": job.error}))


def analyze() -> None:
    """Planner statistics for the tables an export reads: this server runs with autovacuum off, and the seed and
    the re-evaluation leave some tables never analysed (the plans are then far slower than in production)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.db import connection

    tables = (
        "enterprises_enterprise",
        "enterprises_annualfigures",
        "enterprises_ipitem",
        "accreditation_accreditation",
        "accreditation_eligibilityassessment",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
    connection.close()


def run(fmt: str, private_root: str) -> tuple[dict, float, float]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DJANGO_PRIVATE_ROOT": private_root}
    command = [sys.executable, __file__, "--child", fmt]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603 - this script
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak RSS; its one line of output fits the pipe
    wall = time.perf_counter() - start
    out = process.stdout.read()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"export {fmt} failed: exit {os.waitstatus_to_exitcode(status)}")
    result = json.loads(out.strip().splitlines()[-1])
    result["cpu"] = usage.ru_utime + usage.ru_stime  # the child's own CPU seconds (PostgreSQL's are not in it)
    return result, wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx"], choices=["csv", "xlsx", "summary"])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    analyze()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    header = f"{'export':10} {'rows':>9} {'export s':>9} {'process s':>10} {'CPU s':>7} {'peak MiB':>9}"
    print(f"{header} {'MiB file':>9}  goal")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as private_root:
        for fmt in args.formats:
            for _round in range(args.rounds):
                result, wall, peak = run(fmt, private_root)
                if result["state"] != "done":
                    sys.exit(f"export {fmt} ended {result['state']}: {result['error']}")
                goal = goal_of(fmt, result["rows"])
                verdict = ""
                if goal:
                    met = result["seconds"] <= goal[0] and peak <= goal[1]
                    verdict = f"{goal[0]:.0f} s / {goal[1]} MiB: {'met' if met else 'MISSED'}"
                line = f"{fmt:10} {result['rows']:>9,} {result['seconds']:>9.1f} {wall:>10.1f} {result['cpu']:>7.1f}"
                print(f"{line} {peak:>9.0f} {result['bytes'] / 2**20:>9.1f}  {verdict}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
