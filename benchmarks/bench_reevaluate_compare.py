"""`manage.py reevaluate` of this checkout against another one (the previous implementation), back to back on the
same seeded database, and every stored verdict of the two full runs compared.

    createdb -h 127.0.0.1 -U postgres bench_reevaluate
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reevaluate
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --enterprises 100000 --seed 1
    git worktree add --detach /tmp/reevaluate-old <previous commit>
    .venv/bin/python benchmarks/bench_reevaluate_compare.py --old /tmp/reevaluate-old [--rounds 2] [--workers 2]

Each round runs, for the old checkout then this one: the command on emptied stored assessments (TRUNCATE: every
enterprise judged, every row written: a full run), then the same again with nothing changed. After the old full
run its verdicts are copied aside (a table `bench_old_verdicts`, dropped at the end); after the new full run they
are compared row by row (enterprise, tier, criteria version, eligible, route, score, missing) both ways. Last, one
enterprise's figures are changed and the new command run once more: it must judge that one enterprise only.

Wall seconds as seen from outside, peak memory of the process tree (sum of PSS, largest RSS; sampled every 50 ms)
and the CPU seconds of the command's processes plus the PostgreSQL backends serving them. The machine may be
shared: the ratios old / new of the same round are the fair figures. Use a database of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from bench_reevaluate import watch
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
TABLE = "accreditation_eligibilityassessment"
COLUMNS = "enterprise_id, tier_id, criteria_version, eligible, route, score, missing"


def run(checkout: Path, as_of: dt.date, workers: int) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DJANGO_DEBUG": "false"}
    env.pop("REDIS_URL", None)
    command = [sys.executable, "manage.py", "reevaluate", "--quiet", "--as-of", as_of.isoformat()]
    command += ["--workers", str(workers)]
    child = subprocess.Popen(command, env=env, cwd=checkout, stdout=subprocess.PIPE, text=True)  # noqa: S603
    ended = {}

    def done() -> bool:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            ended.update(status=status, cpu=usage.ru_utime + usage.ru_stime)
        return bool(pid)

    wall, pss, rss, backend_cpu = watch(child.pid, done)
    out = child.stdout.read()
    if os.waitstatus_to_exitcode(ended["status"]):
        sys.exit(f"reevaluate in {checkout} failed")
    counts = json.loads(out.strip().splitlines()[-1])
    return {
        **counts,
        "wall": round(wall, 2),
        "pss": round(pss),
        "rss": round(rss),
        "cpu": round(ended["cpu"] + backend_cpu, 1),
    }


def sql(statement: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def empty() -> None:
    sql(f"TRUNCATE {TABLE}, accreditation_eligibilitychange")


def show(label: str, result: dict) -> None:
    keys = ("enterprises", "judged", "assessments_changed", "seconds", "wall", "pss", "rss", "cpu")
    print(f"{label:<28}", "  ".join(f"{key}={result[key]}" for key in keys if key in result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, required=True, help="checkout of the previous implementation")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 6, 1))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    enterprises = sql("SELECT count(*) FROM enterprises_enterprise")[0][0]
    print(f"{enterprises} enterprises, load {load:.1f}", flush=True)
    for round_ in range(1, args.rounds + 1):
        results = {}
        for name, checkout in (("old", args.old), ("new", ROOT)):
            empty()
            results[name, "full"] = full = run(checkout, args.as_of, args.workers)
            show(f"round {round_} {name} full", full)
            if name == "old":
                sql("DROP TABLE IF EXISTS bench_old_verdicts")
                sql(f"CREATE TABLE bench_old_verdicts AS SELECT {COLUMNS} FROM {TABLE}")  # noqa: S608
            else:
                new_rows = f"SELECT {COLUMNS} FROM {TABLE}"  # noqa: S608 - names are ours
                only_old = sql(f"SELECT count(*) FROM (SELECT * FROM bench_old_verdicts EXCEPT {new_rows}) d")  # noqa: S608
                only_new = sql(f"SELECT count(*) FROM ({new_rows} EXCEPT SELECT * FROM bench_old_verdicts) d")  # noqa: S608
                total = sql("SELECT count(*) FROM bench_old_verdicts")[0][0]
                print(
                    f"verdicts compared: {total} old rows; only in old {only_old[0][0]}, only in new {only_new[0][0]}"
                )
            results[name, "same"] = same = run(checkout, args.as_of, args.workers)
            show(f"round {round_} {name} nothing changed", same)
        for kind in ("full", "same"):
            old, new = results["old", kind], results["new", kind]
            wall, cpu = old["wall"] / new["wall"], old["cpu"] / new["cpu"]
            print(f"round {round_} {kind}: wall old/new {wall:.2f}x, cpu old/new {cpu:.2f}x")
    pk = sql("SELECT enterprise_id FROM enterprises_annualfigures ORDER BY enterprise_id DESC LIMIT 1")[0][0]
    sql("UPDATE enterprises_annualfigures SET rd_expense = rd_expense + 1000000 WHERE enterprise_id = %s", [pk])
    show("new, one enterprise changed", run(ROOT, args.as_of, args.workers))
    sql("UPDATE enterprises_annualfigures SET rd_expense = rd_expense - 1000000 WHERE enterprise_id = %s", [pk])
    sql("DROP TABLE IF EXISTS bench_old_verdicts")
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
