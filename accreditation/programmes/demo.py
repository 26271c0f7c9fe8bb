"""The demo's cultivation plan (`seed_demo`): three years around today, targets scaled to the demo pool."""

from __future__ import annotations

import math

from accreditation.models import Tier
from accreditation.programmes.models import CultivationPlan, PlanTarget
from accreditation.programmes.selectors import at_least, counts_by_tier
from portal.core import dates

DEMO_CODE = "demo-plan"
# Each year the plan asks for this share more enterprises at each tier than stand there now (a three-year plan of
# the model park's kind roughly doubled its national little giants).
YEARLY_GROWTH = 0.25


def seed_plan() -> bool:
    """Create the demo plan once; returns whether it was created."""
    today = dates.today()
    first, last = today.year - 1, today.year + 1
    plan, created = CultivationPlan.objects.get_or_create(
        code=DEMO_CODE,
        defaults={"name": f"Demo park little giants {first}-{last}", "first_year": first, "last_year": last},
    )
    if not created:
        return False
    tiers = list(Tier.objects.filter(is_active=True).order_by("order"))
    orders = {tier.pk: tier.order for tier in Tier.objects.all()}
    counts = counts_by_tier(day=today, today=today)
    targets = []
    for tier in tiers:
        now = at_least(counts, tier, orders)
        for year in plan.years:
            # Last year's target a little under today's count, this year's a little over: some reached, some to go.
            factor = 1.1 + YEARLY_GROWTH * (year - today.year)
            targets.append(PlanTarget(plan=plan, tier=tier, year=year, target=max(1, math.ceil(now * factor))))
    PlanTarget.objects.bulk_create(targets)
    return True
