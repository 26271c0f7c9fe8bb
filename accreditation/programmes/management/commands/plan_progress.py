"""`manage.py plan_progress [--plan CODE] [--as-of DATE]`: one JSON object a line per tier of the plan, lowest
tier first: "tier" (code), "target" (the as-of year's, null when none), "at_least" (enterprises whose current tier
is this one or higher, as the tier reports count them), and the pipeline's figures. Without --plan, the plan
covering the as-of year. Exit 2 naming the known plans on an unknown code, or on a bad date."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from accreditation.programmes.models import CultivationPlan
from accreditation.programmes.selectors import current_plan, plan_progress
from portal.core import dates

INVALID = 2


class Command(BaseCommand):
    help = "Print a cultivation plan's progress per tier as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="the plan's code (default: the plan covering the as-of year)")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, plan=None, as_of=None, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else dates.today()
        except ValueError:
            raise CommandError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD).", returncode=INVALID) from None
        chosen = CultivationPlan.objects.filter(code=plan).first() if plan else current_plan(day=day)
        if chosen is None:
            known = ", ".join(CultivationPlan.objects.order_by("code").values_list("code", flat=True)) or "none"
            what = f"Unknown plan {plan!r}" if plan else "No plan"
            raise CommandError(f"{what}. Known plans: {known}.", returncode=INVALID)
        progress = plan_progress(chosen, as_of=day)
        for line in progress.tiers:
            record = {
                "plan": chosen.code,
                "as_of": day.isoformat(),
                "tier": line.tier.code,
                "target": line.target,
                "at_least": line.at_least,
                "trajectory": {str(point.year): point.actual for point in line.trajectory},
                "applications_open": line.applications_open,
                "expected_grants": line.expected_grants,
                "forecast": line.forecast,
                "eligible_not_applying": line.eligible_not_applying,
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
