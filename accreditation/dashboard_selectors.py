"""Aggregates of the pool for the officials' and administrators' dashboard.

Each function is one query whatever the size of the pool: the counting is grouped in SQL and a handful of rows
come back. Each count is defined exactly as the filtered list it links to defines it, so that a number on the
dashboard and the length of the list behind it agree:

- where an enterprise stands: `top_accreditations` (the list's "Only each enterprise's current tier" filter);
- grants: every record by the year of its grant date and its tier's authority level, whatever became of it;
- expiring: held records (`HELD_STATUSES`) whose valid-until date falls within the window, both ends included
  (the list's "Expiring within (days)" filter, with the status);
- open applications: every application not yet decided (`DECIDED_STATES`), by state (the queue's state filter).
"""

import datetime
from collections import Counter

from django.db.models import Count, Max
from django.db.models.functions import Coalesce, ExtractYear

from accreditation.applications.models import DECIDED_STATES, Application, ApplicationEvent
from accreditation.eligibility.models import EligibilityChange
from accreditation.models import Accreditation
from accreditation.models.accreditation import HELD_STATUSES
from accreditation.policy import EXPIRY_WARNING_DAYS
from accreditation.selectors import top_accreditations

# The dashboard's look-ahead for expiring titles ("what expires in the next 90 days"): the first notice
# of an expiring title goes out as far ahead, so the panel and the alerts count the same titles.
EXPIRING_WITHIN_DAYS = EXPIRY_WARNING_DAYS[0]


def pool_by_tier_and_section(*, day: datetime.date) -> Counter[tuple[int, int | None]]:
    """How many enterprises stand at each tier on `day`, by GB/T 4754 section: {(tier id, section id): count}.

    An enterprise stands at the tier of its current accreditation: of the records it holds on `day` (status
    active, renewal due or under renewal, and not past the valid-until date), the one of the highest tier order,
    the latest grant breaking a tie; so each enterprise is counted once. Its section is that of its industry
    division (None when no industry code is on record). Summed over sections, these are the pool pyramid.
    One query."""
    rows = (
        top_accreditations(day=day)
        .order_by()
        .annotate(section=Coalesce("enterprise__sector__parent", "enterprise__sector"))
        .values_list("tier", "section")
        .annotate(n=Count("pk"))
    )
    return Counter({(tier, section): n for tier, section, n in rows})


def grants_by_year_and_tier() -> Counter[tuple[int, int]]:
    """Accreditation records by year of grant and tier, whatever their status now: {(year, tier id): count}.
    Grouped by tier (no join), so the caller sums the tiers of each authority level. One query."""
    rows = (
        Accreditation.objects.order_by()
        .annotate(year=ExtractYear("granted_on"))
        .values_list("year", "tier")
        .annotate(n=Count("pk"))
    )
    return Counter({(year, tier): n for year, tier, n in rows})


def verdicts_mark() -> int | None:
    """Changes whenever a stored verdict changes (every new revision of an assessment records an
    `EligibilityChange`). A key for caching what is counted from the verdicts. One query, on the primary key."""
    return EligibilityChange.objects.aggregate(last=Max("pk"))["last"]


def applications_mark() -> tuple:
    """Changes whenever an application is created or changes state (each step writes an event). One query."""
    marks = ApplicationEvent.objects.aggregate(last=Max("pk"))
    return (marks["last"], Application.objects.count())


def expiring_by_tier_and_status(
    *, day: datetime.date, within_days: int = EXPIRING_WITHIN_DAYS
) -> Counter[tuple[int, str]]:
    """Held records whose valid-until date is between `day` and `within_days` later (inclusive), by tier and
    status: {(tier id, status): count}. One query (an index on status and valid-until answers it)."""
    rows = (
        Accreditation.objects.filter(
            status__in=HELD_STATUSES,
            valid_until__gte=day,
            valid_until__lte=day + datetime.timedelta(days=within_days),
        )
        .order_by()
        .values_list("tier", "status")
        .annotate(n=Count("pk"))
    )
    return Counter({(tier, status): n for tier, status, n in rows})


def open_applications_by_state() -> Counter[str]:
    """Applications not yet decided, by state: {state: count}. One query."""
    rows = Application.objects.exclude(state__in=DECIDED_STATES).order_by().values_list("state").annotate(n=Count("pk"))
    return Counter(dict(rows))


def accreditations_mark() -> tuple:
    """Changes whenever any accreditation record is created, edited or deleted: every write leaves a history row
    (services, imports and the daily status pass all write history). A key for caching counts of the records.
    One query, answered from two indexes."""
    marks = Accreditation.history.aggregate(last=Max("history_id"), at=Max("history_date"))
    return (marks["last"], marks["at"].isoformat() if marks["at"] else None)
