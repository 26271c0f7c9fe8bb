"""Declaration rounds as the workflow reads them: is filing open for a tier today, and if not, when it opens;
and the officials' overview of each round's deadlines and what is late.

An enterprise starts and first submits an application only inside an open round of its tier (docs/domain.md
section 4: declaration rounds are annual, with fixed windows). A revision after a return is not a new filing
and is not held to the window."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import ApplicationState, DeclarationRound
from accreditation.models import Tier

S = ApplicationState


def round_open_for(tier: Tier, day: datetime.date) -> DeclarationRound | None:
    """The round of `tier` whose filing window holds `day` (the latest opened, if windows overlap)."""
    return DeclarationRound.objects.open_on(day).filter(tier=tier).order_by("-filing_opens", "-pk").first()


def next_round(tier: Tier, day: datetime.date) -> DeclarationRound | None:
    return DeclarationRound.objects.filter(tier=tier, filing_opens__gt=day).order_by("filing_opens", "pk").first()


def filing_closed_reason(tier: Tier, day: datetime.date) -> str:
    """Why `tier` takes no application on `day`, in plain words, and when it next will."""
    upcoming = next_round(tier, day)
    if upcoming is not None:
        return _("Applications for “%(tier)s” are not open now. The %(year)d round opens on %(date)s.") % {
            "tier": tier.name,
            "year": upcoming.year,
            "date": date_format(upcoming.filing_opens, "DATE_FORMAT"),
        }
    return _(
        "Applications for “%(tier)s” are not open now, and the next round is not announced yet. The park "
        "publishes each round's dates here as soon as the authority announces them."
    ) % {"tier": tier.name}


def filing_status(tiers, day: datetime.date) -> list[dict]:
    """Per tier: the open round (and when it closes) or the next one, for the start page (one query)."""
    rounds = list(
        DeclarationRound.objects.filter(tier__in=tiers)
        .filter(Q(filing_closes__isnull=True) | Q(filing_closes__gte=day))
        .order_by("filing_opens", "pk")
    )
    status = []
    for tier in tiers:
        own = [one for one in rounds if one.tier_id == tier.pk]
        current = next((one for one in reversed(own) if one.is_open_on(day)), None)
        upcoming = next((one for one in own if one.filing_opens > day), None)
        status.append({"tier": tier, "open": current, "next": upcoming})
    return status


def rounds_overview(today: datetime.date) -> QuerySet[DeclarationRound]:
    """Every round with its counts, newest first, in one query: `started`, `filed` (submitted at least once),
    `late_screening` (filed, still waiting for pre-review after its deadline) and `late_recommendation`
    (neither decided nor recommended after the recommendation deadline)."""
    filed = Q(applications__submitted_at__isnull=False)
    undecided = Q(applications__state__in=(S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED))
    return (
        DeclarationRound.objects.select_related("tier")
        .annotate(
            started=Count("applications"),
            filed=Count("applications", filter=filed),
            late_screening=Count(
                "applications",
                filter=Q(applications__state=S.SUBMITTED, prereview_deadline__lt=today),
            ),
            late_recommendation=Count("applications", filter=undecided & Q(recommendation_deadline__lt=today)),
        )
        .order_by("-year", "tier__order", "filing_opens")
    )
