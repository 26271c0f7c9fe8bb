"""Demo declaration rounds for `seed_demo`: this year's round of each tier (and last year's, where the demo's
decided applications were filed), so that a newcomer's portal takes applications today for some tiers and tells
the enterprise when the others open.

The little-giant windows are the 2026 call's (docs/domain.md section 4: online filing 25 April - 25 May, provincial
pre-review and recommendation to 30 June), repeated each year as the call has been. The other windows are the
demo's own assumptions, stated here: the park's candidate pool is a standing round open all year; the innovative
SME evaluation takes applications all year round; the provincial specialized call runs with the little-giant
one; the single-champion call is not announced, so the enterprise is told that no round is scheduled.
"""

import datetime

from accreditation.applications.models import DeclarationRound
from accreditation.models import Tier

# tier code: (filing opens, filing closes or None, pre-review deadline, recommendation deadline) as (month, day)
WINDOWS = {
    "park-pool": ((1, 1), None, None, None),
    "innovative": ((1, 1), (12, 31), None, None),
    "specialized": ((4, 25), (5, 25), (6, 15), (6, 30)),
    "little-giant": ((4, 25), (5, 25), (6, 15), (6, 30)),
}


def _on(year: int, month_day) -> datetime.date | None:
    return datetime.date(year, *month_day) if month_day else None


def seed_rounds(*, today: datetime.date) -> int:
    """Create the rounds of this year and last year (idempotent); returns how many were created."""
    created = 0
    for code, (opens, closes, prereview, recommendation) in WINDOWS.items():
        tier = Tier.objects.filter(code=code).first()
        if tier is None:
            continue
        years = (today.year,) if closes is None else (today.year - 1, today.year)
        for year in years:
            _round, made = DeclarationRound.objects.get_or_create(
                tier=tier,
                year=year,
                defaults={
                    "filing_opens": _on(year, opens),
                    "filing_closes": _on(year, closes),
                    "prereview_deadline": _on(year, prereview),
                    "recommendation_deadline": _on(year, recommendation),
                    "criteria_version": tier.criteria_version,
                },
            )
            created += made
    return created


def filing_day(tier: Tier, today: datetime.date) -> datetime.date:
    """A day on which a demo application of `tier` could have been filed: today if a round is open, else the last
    day of the latest round that closed before today."""
    rounds = DeclarationRound.objects.filter(tier=tier, filing_opens__lte=today).order_by("-filing_opens")
    for declaration_round in rounds:
        if declaration_round.is_open_on(today):
            return today
        if declaration_round.filing_closes and declaration_round.filing_closes < today:
            return declaration_round.filing_closes
    return today
