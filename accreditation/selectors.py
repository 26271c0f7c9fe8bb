"""Reads of the pool that span relations, written once and reused by views, tasks and reports."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from accreditation.models import Accreditation, Tier
from enterprises.selectors import enterprises_visible_to, sees_every_enterprise


def accreditations_visible_to(user) -> QuerySet[Accreditation]:
    """Park staff see every record; an enterprise member sees those of their enterprises; others none. Staff get
    no filter at all: an `enterprise IN (every enterprise)` costs PostgreSQL a join per page and per count."""
    if sees_every_enterprise(user):
        return Accreditation.objects.all()
    return Accreditation.objects.filter(enterprise__in=enterprises_visible_to(user).values("pk"))


def top_accreditations(
    *,
    day: datetime.date,
    among: QuerySet[Accreditation] | None = None,
    by_dates: bool = False,
    of_tier: Tier | None = None,
) -> QuerySet[Accreditation]:
    """Held records that are their enterprise's highest tier on `day`: one per enterprise at its current tier.

    Held twice at that tier (a new batch announced before the old title ran out), the latest grant counts, so
    the list of a tier's holders names each enterprise once, as the pyramid counts it.

    `among` narrows the answer to those of a filtered list (`among.filter(pk__in=top_accreditations(...))` in
    one query): PostgreSQL then looks for a higher record only for the rows of that list, not for all of them.

    `by_dates`: held as the records' dates tell for a past day (`held_by_dates_on`), for what stood then.

    `of_tier`: only the records of that tier (the holders of one tier, a list filtered to it)."""
    held = Accreditation.objects.held_by_dates_on(day) if by_dates else Accreditation.objects.held_on(day)
    order = OuterRef("tier__order")
    outranks = (
        Q(tier__order__gt=order)
        | Q(tier__order=order, granted_on__gt=OuterRef("granted_on"))
        | Q(tier__order=order, granted_on=OuterRef("granted_on"), pk__gt=OuterRef("pk"))
    )
    higher = held.filter(outranks, enterprise=OuterRef("enterprise"))
    if of_tier is not None:
        # Only a record of a tier at least as high can outrank one of `of_tier`. Named by id, those tiers let
        # PostgreSQL read their records by index instead of hashing every held record: the current little giants
        # at 1,000,000 enterprises are counted in 18 ms instead of 330 (benchmarks/README.md).
        as_high = Tier.objects.filter(order__gte=of_tier.order).values_list("pk", flat=True)
        higher = higher.filter(tier__in=list(as_high))
    if among is not None:
        held = among.held_by_dates_on(day) if by_dates else among.held_on(day)
    if of_tier is not None:
        held = held.filter(tier=of_tier)
    return held.filter(~Exists(higher))


@dataclass(frozen=True)
class PyramidLevel:
    tier: Tier
    enterprises: int


def pool_pyramid(*, day: datetime.date) -> list[PyramidLevel]:
    """How many enterprises stand at each active tier on `day`, from the top tier down. Two queries."""
    counts = dict(
        top_accreditations(day=day).values_list("tier").annotate(n=Count("enterprise", distinct=True)).order_by()
    )
    tiers = Tier.objects.filter(is_active=True).order_by("-order")
    return [PyramidLevel(tier=tier, enterprises=counts.get(tier.pk, 0)) for tier in tiers]


def current_tier(enterprise, *, day: datetime.date) -> Tier | None:
    record = top_accreditations(day=day).filter(enterprise=enterprise).select_related("tier").first()
    return record.tier if record else None


def holders_of(tier: Tier, *, day: datetime.date) -> QuerySet:
    """The ids of the enterprises whose current tier on `day` is `tier` (as the pyramid counts them): holding a
    higher tier as well puts an enterprise there instead; expired and revoked titles count for nothing."""
    return top_accreditations(day=day, of_tier=tier).values("enterprise")


def with_current_tier(enterprises: QuerySet, *, day: datetime.date) -> QuerySet:
    """`enterprises` annotated with `current_tier_id`: the tier of each one's current accreditation on `day`
    (`top_accreditations`), None when it holds none. One correlated subquery, computed for the rows fetched."""
    top = top_accreditations(day=day).filter(enterprise=OuterRef("pk")).order_by()
    return enterprises.annotate(current_tier_id=Subquery(top.values("tier")[:1]))


def accreditation_list(user) -> QuerySet[Accreditation]:
    """The records a user may list, with what a row of the pool table shows."""
    return accreditations_visible_to(user).select_related(
        "tier", "enterprise", "enterprise__sector", "granting_authority"
    )


def enterprise_timeline(enterprise) -> list[dict]:
    """Every record of `enterprise` and every change to it, newest first. Two queries whatever the length."""
    records = {record.pk: record for record in enterprise.accreditations.select_related("tier")}
    history = list(
        Accreditation.history.filter(id__in=records)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    last_seen: dict[int, object] = {}
    events = []
    for entry in history:
        previous = last_seen.get(entry.id)
        last_seen[entry.id] = entry
        if previous is None:
            change = "created"
        elif previous.status != entry.status:
            change = "status"
        else:
            change = "edited"
        events.append(
            {
                "when": entry.history_date,
                "record": records[entry.id],
                "change": change,
                "status": entry.status,
                "status_label": entry.get_status_display(),
                "who": entry.history_user,
                "reason": entry.get_revocation_reason_display() if entry.revocation_reason else "",
                "note": entry.revocation_note if entry.status == "revoked" else "",
            }
        )
    events.reverse()
    return events
