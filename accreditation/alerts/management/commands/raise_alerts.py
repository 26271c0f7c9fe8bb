"""`manage.py raise_alerts [--today YYYY-MM-DD] [--digest]`: the daily alert work, here and now.

Raises and resolves every enterprise's alerts and notifies their members, as the daily task does (for a demo
after `seed_demo` and `reevaluate`, or when beat is not running); with `--digest`, also sends today's email
digests. Safe to run twice. The last line on stdout is JSON with the counts."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from accreditation.alerts.raising import alerts_refresh_all
from accreditation.notices.services import digests_send
from portal.core import dates


class Command(BaseCommand):
    help = "Raise and resolve every enterprise's alerts and notify their members; JSON counts on stdout."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to judge dates by (default: today in the park's time zone)")
        parser.add_argument("--digest", action="store_true", help="also send today's email digests")

    def handle(self, *args, **options):
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else dates.today()
        except ValueError:
            raise CommandError("--today must be a date: YYYY-MM-DD") from None
        counts = alerts_refresh_all(today=today)
        if options["digest"]:
            counts["digests"] = digests_send(today=today)
        self.stdout.write(json.dumps(counts))
