"""`manage.py reevaluate [--as-of YYYY-MM-DD] [--chunk-size N] [--workers N] [--quiet]`: the nightly re-evaluation.

Does the same work as the Celery run, here and now: its chunks are done by worker processes forked from this one
(one per core on PostgreSQL; in this process on SQLite), with a plain-text progress bar on stderr. The last line
on stdout is JSON: {"enterprises": N, "judged": J, "assessments_changed": M, "seconds": S}, where J counts the
enterprises whose facts fingerprint had moved (the others were not judged again)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from accreditation.eligibility.reevaluation import DEFAULT_CHUNK_SIZE, reevaluate_in_process

BAR_WIDTH = 30
MAX_WORKERS = 4  # beyond that the database, not Python, is the limit


class Command(BaseCommand):
    help = "Re-evaluate every enterprise against every active tier in this process; JSON counts on stdout."
    # A nightly job: the system checks (every URLconf and view imported, half a second) ran at deployment
    # (`check --deploy`, `migrate`) and say nothing new each night.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="evaluation date (default: today in the park's time zone)")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, help="enterprises per chunk")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(os.cpu_count() or 1, MAX_WORKERS),
            help="processes doing chunks side by side on PostgreSQL (default: one per core, at most 4)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError("--as-of must be a date: YYYY-MM-DD") from None
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        start = time.perf_counter()
        progress = None if options["quiet"] else self._progress(start)
        counts = reevaluate_in_process(
            as_of=as_of, chunk_size=options["chunk_size"], workers=options["workers"], progress=progress
        )
        if progress is not None:
            self.stderr.write("")
        seconds = round(time.perf_counter() - start, 2)
        result = {key: counts[key] for key in ("enterprises", "judged", "assessments_changed")}
        self.stdout.write(json.dumps({**result, "seconds": seconds}))

    def _progress(self, start: float):
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr

        def show(done: int, total: int) -> None:
            filled = BAR_WIDTH * done // total if total else BAR_WIDTH
            elapsed = time.perf_counter() - start
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            stream.write(f"\r[{bar}] {done}/{total} enterprises, {elapsed:.1f}s")
            stream.flush()

        return show
