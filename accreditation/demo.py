"""Demo accreditation records for `seed_demo`: a living pool on a newcomer's portal.

Enterprises are ranked by last year's R&D expense (the strongest rise highest), then each draws its titles
from `random.Random(f"{seed}:{uscc}")`, so the same seed gives the same pool whatever the order of seeding.
MIIT little giants come in the seven real batches; provincial and park titles in yearly batches. Old grants
are renewed or left expired, a few are revoked, and recent ones fall due for renewal, as in a real park.
Only enterprises with no record yet are touched, so a second run adds nothing.
"""

import datetime
import random

from django.db.models import OuterRef, Subquery
from simple_history.utils import bulk_create_with_history

from accreditation.models import Accreditation, AccreditationSource, RevocationReason, Tier
from accreditation.models.accreditation import AccreditationStatus
from accreditation.services import status_on
from enterprises.models import AnnualFigures, Enterprise
from portal.core import dates
from portal.core.statistics import analyze_if_changed

# MIIT's little-giant batches (docs/domain.md section 5): label and announcement date.
MIIT_BATCHES = [
    ("MIIT first batch, 2019", datetime.date(2019, 6, 12)),
    ("MIIT second batch, 2020", datetime.date(2020, 11, 13)),
    ("MIIT third batch, 2021", datetime.date(2021, 7, 19)),
    ("MIIT fourth batch, 2022", datetime.date(2022, 8, 9)),
    ("MIIT fifth batch, 2023", datetime.date(2023, 7, 14)),
    ("MIIT sixth batch, 2024", datetime.date(2024, 8, 2)),
    ("MIIT seventh batch, 2025", datetime.date(2025, 8, 1)),
]
PROVINCIAL_YEARS = (2021, 2022, 2023, 2024, 2025)
# Share of enterprises (strongest first) at each tier: few at the top, many at the bottom.
TIER_SHARES = (
    ("single-champion", 0.002),
    ("little-giant", 0.02),
    ("specialized", 0.08),
    ("innovative", 0.2),
    ("park-pool", 0.35),
)
RENEWAL_RATE = 0.7
REVOCATION_RATE = 0.01
UNDER_RENEWAL_RATE = 0.3


def seed_accreditations(*, seed: int, actor=None, today: datetime.date | None = None) -> int:
    """Grant demo titles to the enterprises that have none yet; returns how many records were created."""
    today = today or dates.today()
    tiers = {tier.code: tier for tier in Tier.objects.all()}
    last_rd = AnnualFigures.objects.filter(enterprise=OuterRef("pk")).order_by("-year").values("rd_expense")[:1]
    # Rank every enterprise, so a second run assigns the same tiers, then skip those already holding records.
    ranked = list(Enterprise.objects.annotate(rd=Subquery(last_rd)).order_by("-rd", "uscc").values_list("pk", "uscc"))
    holders = set(Accreditation.objects.values_list("enterprise_id", flat=True).distinct())
    records = []
    position = 0
    for code, share in TIER_SHARES:
        count = round(share * len(ranked))
        for pk, uscc in ranked[position : position + count]:
            if pk not in holders:
                records += _titles(pk, code, tiers, random.Random(f"{seed}:{uscc}"), today)
        position += count
    bulk_create_with_history(records, Accreditation, batch_size=2000, default_user=actor, default_change_reason="demo")
    # The pool list and the exports read these tables by the hundred thousand right after seeding.
    analyze_if_changed([Accreditation, Accreditation.history.model], len(records))
    return len(records)


def _titles(enterprise_id: int, top: str, tiers: dict, rng: random.Random, today: datetime.date) -> list[Accreditation]:
    """The records of an enterprise whose highest title is `top`, with the lower titles it climbed through."""
    ladder = {
        "single-champion": ["innovative", "specialized", "little-giant", "single-champion"],
        "little-giant": ["innovative", "specialized", "little-giant"],
        "specialized": ["innovative", "specialized"],
        "innovative": ["innovative"],
        "park-pool": ["park-pool"],
    }[top]
    records = []
    for code in ladder:
        tier = tiers[code]
        if code in ("little-giant", "single-champion"):
            batch, granted = rng.choice(MIIT_BATCHES)
        elif code == "park-pool":
            year = rng.choice(PROVINCIAL_YEARS)
            batch, granted = f"Park pool {year}", datetime.date(year, 3, 15)
        else:
            year = rng.choice(PROVINCIAL_YEARS[:-1] if code == "innovative" else PROVINCIAL_YEARS)
            batch, granted = f"Jiangsu {year}", datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        records += _periods(enterprise_id, tier, batch, granted, rng, today)
    return records


def _tier_authority(tier):
    """The reference authority of a tier's default authority text (read once per tier)."""
    from accreditation.services import authority_named

    if not hasattr(tier, "_demo_authority"):
        tier._demo_authority = authority_named(tier.authority)
    return tier._demo_authority


def _periods(enterprise_id, tier, batch, granted, rng, today) -> list[Accreditation]:
    """The first grant and its renewals: each period is a record; an unrenewed one is left to expire."""
    records = []
    first_batch = batch
    while granted <= today:
        valid_until = Accreditation.default_valid_until(tier, granted)
        record = Accreditation(
            enterprise_id=enterprise_id,
            tier=tier,
            authority=tier.authority,
            granting_authority=_tier_authority(tier),
            batch=batch,
            certificate_number=f"{tier.code.upper()}-{granted.year}-{enterprise_id:06d}",
            granted_on=granted,
            valid_until=valid_until,
            criteria_version="miit-2026"
            if granted >= datetime.date(2026, 4, 1)
            else tier.criteria_version or "miit-2022",
            source=AccreditationSource.IMPORT,
            status=status_on(valid_until, today),
        )
        records.append(record)
        if record.status == AccreditationStatus.RENEWAL_DUE and rng.random() < UNDER_RENEWAL_RATE:
            record.status = AccreditationStatus.UNDER_RENEWAL
        if rng.random() < REVOCATION_RATE and record.status != AccreditationStatus.EXPIRED:
            record.status = AccreditationStatus.REVOKED
            record.revocation_reason = rng.choice(RevocationReason.values)
            record.revocation_note = "Demo revocation."
            break
        if valid_until is None or valid_until > today or rng.random() > RENEWAL_RATE:
            break
        granted, batch = valid_until, f"{first_batch} (renewed {valid_until.year})"
    return records
