"""Wall time and peak memory of `manage.py reevaluate` on a seeded PostgreSQL database, against a naive baseline.

    createdb -h 127.0.0.1 -U postgres bench_reevaluate
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reevaluate
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo --enterprises 100000 --seed 1
    .venv/bin/python benchmarks/bench_reevaluate.py [--sample 500] [--as-of 2026-06-01] [--workers 2]
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python benchmarks/bench_reevaluate.py --celery

Runs, each in child processes:
1. `manage.py reevaluate` on empty stored assessments (every row is new: the full nightly cost),
2. the same again (nothing changed: the usual night),
then the naive baseline in this process: `--sample` enterprises one at a time through the ORM (the enterprise,
its facts by `enterprise_facts`, the engine, `update_or_create` per tier), rolled back, extrapolated to all
enterprises. Prints the ratio baseline / first run. With `--celery` (needs REDIS_URL), the same two runs go
through `reevaluation_start` and two Celery worker processes instead, and the naive baseline is skipped.

CPU: the seconds the command's processes (workers included) and the database backends serving them used, the
work that two idle cores share (wall time on a busy machine says more about the neighbours than the code).
Memory: the command forks its workers, so the peak is taken over the whole process tree, sampled every 50 ms:
the sum of proportional set sizes (PSS: pages shared after the fork counted once, split between sharers) and
the largest single RSS. Stored assessments are emptied first (TRUNCATE): use a database of its own. Goals
(national scale): at most 8 s and 300 MiB for 100,000 enterprises, 2 s when nothing changed.
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log: measure what production runs

import django  # noqa: E402 - after the settings module is chosen

django.setup()

from django.db import connection, transaction  # noqa: E402 - after django.setup()

from accreditation.criteria import assess  # noqa: E402 - after django.setup()
from accreditation.eligibility.facts import enterprise_facts  # noqa: E402 - after django.setup()
from accreditation.eligibility.models import EligibilityAssessment  # noqa: E402 - after django.setup()
from accreditation.eligibility.reevaluation import reevaluation_plan  # noqa: E402 - after django.setup()
from enterprises.models import Enterprise  # noqa: E402 - after django.setup()


def tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc."""
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:
                continue
    return pids


def memory(pids: list[int]) -> tuple[float, float]:
    """(sum of PSS, largest RSS) of `pids` in MiB; processes that ended meanwhile count 0."""
    pss = rss = 0
    for pid in pids:
        try:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
        except (OSError, ValueError):
            continue
        pss += int(fields["Pss"].split()[0])
        rss = max(rss, int(fields["Rss"].split()[0]))
    return pss / 1024, rss / 1024


def postgres_cpu(database: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving `database` (its process title names it)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if f" {database} " not in stat.with_name("cmdline").read_text().replace("\0", " ") + " ":
                continue
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return out


def watch(pid: int, done) -> tuple[float, float, float, float]:
    """Sample the memory of `pid`'s tree and the CPU of the database's backends until `done()`; returns (wall
    seconds, peak PSS sum, peak RSS, CPU seconds of the backends while it ran)."""
    database = connection.settings_dict["NAME"]
    before = postgres_cpu(database)
    seen: dict[int, float] = {}
    start = time.perf_counter()
    peak_pss = peak_rss = 0.0
    while not done():
        pss, rss = memory(tree(pid))
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        seen.update(postgres_cpu(database))  # backends of forked workers end with them: keep their last reading
        time.sleep(0.05)
    seen.update(postgres_cpu(database))
    backend_cpu = sum(cpu - before.get(backend, 0.0) for backend, cpu in seen.items())
    return time.perf_counter() - start, peak_pss, peak_rss, backend_cpu


def run_command(as_of: dt.date, workers: int) -> tuple[dict, float, float, float, float]:
    """`manage.py reevaluate` in a child: its JSON line, wall seconds, peak PSS of its tree, peak RSS, and the
    CPU seconds of its tree (its workers included) plus those of the database backends serving it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DJANGO_DEBUG": "false"}
    env.pop("REDIS_URL", None)
    command = [sys.executable, str(ROOT / "manage.py"), "reevaluate", "--quiet", "--as-of", as_of.isoformat()]
    command += ["--workers", str(workers)]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)  # noqa: S603 - our own command
    ended = {}

    def done() -> bool:
        # wait4 gives the child's CPU time with that of the workers it reaped
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            ended.update(status=status, cpu=usage.ru_utime + usage.ru_stime)
        return bool(pid)

    wall, pss, rss, backend_cpu = watch(child.pid, done)
    out = child.stdout.read()
    if os.waitstatus_to_exitcode(ended["status"]):
        sys.exit(f"manage.py reevaluate failed: {os.waitstatus_to_exitcode(ended['status'])}")
    return json.loads(out.strip().splitlines()[-1]), wall, pss, rss, ended["cpu"] + backend_cpu


def run_celery(as_of: dt.date, workers: int) -> tuple[dict, float, float, float]:
    """The same work through `reevaluation_start` and a Celery worker with `workers` processes on REDIS_URL:
    wall seconds from the start of the run to its end, peak PSS and RSS of the worker's tree."""
    from accreditation.eligibility.models import EligibilityChange, ReevaluationRun
    from accreditation.eligibility.reevaluation import reevaluation_start

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "DJANGO_DEBUG": "false"}
    celery = str(Path(sys.executable).with_name("celery"))
    command = [celery, "-A", "portal", "worker", "--pool", "prefork", "-c", str(workers), "--loglevel", "WARNING"]
    worker = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - our own worker
    try:
        time.sleep(5)  # the worker connects and forks its processes
        changes_before = EligibilityChange.objects.count()
        start = time.perf_counter()
        run = reevaluation_start(as_of=as_of)

        def finished() -> bool:
            return ReevaluationRun.objects.filter(pk=run.pk, finished__isnull=False).exists()

        _, pss, rss, _cpu = watch(worker.pid, finished)
        wall = time.perf_counter() - start
        run.refresh_from_db()
        changed = sum(run.chunks.values_list("changed", flat=True))
        counts = {"enterprises": run.total, "assessments_changed": changed}
        counts["changes"] = EligibilityChange.objects.count() - changes_before
        return counts, wall, pss, rss
    finally:
        worker.terminate()
        worker.wait(timeout=60)


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


def row(label: str, changed: int, wall: float, pss: float | str = "", rss: float | str = "", cpu="") -> None:
    pss = f"{pss:.0f}" if isinstance(pss, float) else pss
    rss = f"{rss:.0f}" if isinstance(rss, float) else rss
    cpu = f"{cpu:.1f}" if isinstance(cpu, float) else cpu
    print(f"{label:48} {changed:>9,} {wall:>8.1f} {pss:>9} {rss:>9} {cpu:>8}")


def truncate() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE accreditation_eligibilitychange, accreditation_eligibilityassessment, "
            "accreditation_reevaluationchunk, accreditation_reevaluationrun"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=500, help="enterprises in the naive baseline")
    parser.add_argument("--as-of", default="2026-06-01", help="evaluation date")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (command or Celery)")
    parser.add_argument("--celery", action="store_true", help="through Celery workers on REDIS_URL instead")
    args = parser.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at the seeded PostgreSQL database.")
    if args.celery and not os.environ.get("REDIS_URL"):
        sys.exit("--celery needs REDIS_URL.")
    total = Enterprise.objects.count()
    truncate()
    with open("/proc/loadavg") as loadavg:
        load = loadavg.read().split()[0]
    print(f"{total:,} enterprises on {connection.settings_dict['NAME']}, as of {as_of}, load average {load}\n")
    print(f"{'run':48} {'changed':>9} {'wall s':>8} {'PSS MiB':>9} {'RSS MiB':>9} {'CPU s':>8}")
    if args.celery:
        for label in ("nothing stored", "nothing changed"):
            counts, wall, pss, rss = run_celery(as_of, args.workers)
            row(f"Celery, {args.workers} worker processes, {label}", counts["assessments_changed"], wall, pss, rss)
            print(f"{'':48} {counts['changes']:>9,} change records")
        return
    connection.close()
    first, first_wall, pss, rss, cpu = run_command(as_of, args.workers)
    label = f"reevaluate --workers {args.workers}"
    row(f"{label}, nothing stored", first["assessments_changed"], first_wall, pss, rss, cpu)
    again, again_wall, pss, rss, cpu = run_command(as_of, args.workers)
    row(f"{label}, nothing changed", again["assessments_changed"], again_wall, pss, rss, cpu)
    per = naive(args.sample, as_of)
    baseline = per * total
    row(f"naive, {args.sample} one at a time, extrapolated", 0, baseline)
    print(
        f"\nnaive / reevaluate (nothing stored): {baseline / first_wall:.1f}x; "
        f"command's own seconds: {first['seconds']} and {again['seconds']}"
    )
    with open("/proc/loadavg") as loadavg:
        print(f"load average at the end: {loadavg.read().split()[0]}")


if __name__ == "__main__":
    main()
