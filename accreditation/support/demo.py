"""The demo's support programmes (`seed_demo`): an R&D facility programme with a call open today, and a cash award
for new national little giants with this year's budget, proposed for the demo's titles of this year (the seeder
writes titles in bulk, without the signal that proposes awards for a title recorded by hand)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from accreditation.models import Accreditation, Tier
from accreditation.support.models import Call, Programme, ProgrammeKind
from accreditation.support.services import awards_propose
from portal.core import dates

PROGRAMMES = [
    # code, kind, English name, Chinese name, tiers, award per title, budget of the demo call
    (
        "rd-facility",
        ProgrammeKind.RD_FACILITY,
        "R&D facility support",
        "研发机构建设支持",
        ("specialized", "little-giant"),
        None,
        Decimal("20000000.00"),
    ),
    (
        "giant-award",
        ProgrammeKind.TITLE_AWARD,
        "Award for new national little giants",
        "国家级专精特新“小巨人”企业认定奖励",
        ("little-giant",),
        Decimal("500000.00"),
        Decimal("10000000.00"),
    ),
]


def seed_support() -> int:
    """Create the demo programmes and their calls once; returns how many programmes were created."""
    today = dates.today()
    created = 0
    for code, kind, name_en, name_zh, tiers, award, budget in PROGRAMMES:
        programme, made = Programme.objects.get_or_create(
            code=code, defaults={"kind": kind, "name_en": name_en, "name_zh": name_zh, "award_amount": award}
        )
        if not made:
            continue
        created += 1
        programme.tiers.set(Tier.objects.filter(code__in=tiers))
        Call.objects.create(
            programme=programme,
            title=f"{today.year}",
            opens_on=today - datetime.timedelta(days=30),
            closes_on=datetime.date(today.year, 12, 31) + datetime.timedelta(days=60),
            budget=budget,
            budget_remaining=budget,
        )
        if kind == ProgrammeKind.TITLE_AWARD:
            _propose_awards(programme, since=datetime.date(today.year, 1, 1))
    return created


# Enough for the officials' list of proposals to show paging and choices, few enough to keep seeding fast.
DEMO_AWARDS = 12


def _propose_awards(programme: Programme, *, since: datetime.date) -> None:
    titles = Accreditation.objects.filter(tier__in=programme.tiers.all(), granted_on__gte=since).order_by("pk")
    for title in titles[:DEMO_AWARDS]:
        awards_propose(accreditation=title)
