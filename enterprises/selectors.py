"""Reads about enterprises that span relations, written once and reused by views, tasks and reports."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Case, Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.roles import Role

from .list_extensions import annotate_extensions
from .models import (
    ACTIVE_STATUSES,
    FIGURE_FIELDS,
    AnnualFigures,
    Enterprise,
    Membership,
    MembershipStatus,
    Sector,
    SectorLevel,
)
from .policy import DEFAULT_ANNUAL_UPDATE_DEADLINE, EVALUATION_WINDOW_YEARS

YEARS_FOR_EVALUATION = EVALUATION_WINDOW_YEARS

# Profile answers the criteria engine reads; blank `strategic_field` is a valid answer ("none"), so not listed.
PROFILE_FIELDS_FOR_EVALUATION = (
    "registration_date",
    "industry_code",
    "niche_market",
    "niche_since",
    "main_products",
    "strategic_emerging",
    "main_product_field",
    "key_chain_link",
    "digital_level",
    "core_business_on_it",
    "national_market_share",
    "compliance_ok",
)


def sees_every_enterprise(user) -> bool:
    """Park officials, administrators and superusers (active ones) see every enterprise and what hangs off it, so
    their reads need no filter by enterprise at all."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role(Role.OFFICIAL) or user.has_role(Role.ADMINISTRATOR))
    )


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """Park officials, administrators and superusers: every enterprise. Enterprise users: those they are a verified
    member of (never a claim still pending or rejected). Anyone else: none."""
    enterprises = Enterprise.objects.all()
    if sees_every_enterprise(user):
        return enterprises
    if not (user and user.is_authenticated and user.is_active):
        return enterprises.none()
    if user.has_role(Role.ENTERPRISE):
        membership = Membership.objects.filter(enterprise=OuterRef("pk"), user=user, status__in=ACTIVE_STATUSES)
        return enterprises.filter(Exists(membership))
    return enterprises.none()


def enterprises_by_uscc(codes) -> dict[str, int]:
    """Primary keys of the enterprises with these (normalised) codes, by code; unknown codes are left out."""
    return dict(Enterprise.objects.filter(uscc__in=set(codes)).values_list("uscc", "pk"))


def sector_sections() -> list[Sector]:
    """The GB/T 4754 sections (A to T) in code order: the labels of counts grouped by section. One query."""
    return list(Sector.objects.filter(level=SectorLevel.SECTION).order_by("code"))


def enterprises_mark() -> tuple:
    """Changes whenever an enterprise profile is created, edited (its sector among the rest) or deleted: each
    such write leaves a history row. A key for caching counts by enterprise attributes. One query, two indexes."""
    marks = Enterprise.history.aggregate(last=Max("history_id"), at=Max("history_date"))
    return (marks["last"], marks["at"].isoformat() if marks["at"] else None)


def members_to_tell(enterprise_id: int) -> list:
    """The users who hear of what happens to an enterprise: its verified members who are active, by email."""
    memberships = Membership.objects.filter(
        enterprise_id=enterprise_id, status=MembershipStatus.VERIFIED, user__is_active=True
    )
    return [membership.user for membership in memberships.select_related("user").order_by("user__email")]


def pending_memberships() -> QuerySet[Membership]:
    """The queue of claims waiting for a park official, oldest first, with how many proof files each holds."""
    return (
        Membership.objects.filter(status="pending")
        .select_related("user", "enterprise")
        .annotate(proof_count=Count("proofs"))
        .order_by("requested_at", "pk")
    )


def pending_claim_count() -> int:
    """How many claims wait for a park official (the navigation's badge). One COUNT on an indexed column."""
    return Membership.objects.filter(status=MembershipStatus.PENDING).count()


@dataclass(frozen=True)
class MissingItem:
    code: str  # stable: "profile.niche_since", "figures.2025.revenue", "figures.2025"
    label: str  # in the active language


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: tuple[MissingItem, ...]
    years: tuple[int, ...]


def evaluation_years(today: datetime.date) -> tuple[int, ...]:
    """The completed financial years the criteria look at on `today`, latest first."""
    return tuple(today.year - offset for offset in range(1, YEARS_FOR_EVALUATION + 1))


def enterprise_completeness(enterprise: Enterprise, *, today: datetime.date) -> Completeness:
    """How much of what the evaluation needs is on record: the profile answers and every figure of the last three
    completed years before `today`. 100 only when nothing is missing. One query (none with prefetched figures)."""
    missing: list[MissingItem] = []
    for name in PROFILE_FIELDS_FOR_EVALUATION:
        if getattr(enterprise, name) in (None, ""):
            label = str(Enterprise._meta.get_field(name).verbose_name)
            missing.append(MissingItem(f"profile.{name}", label[:1].upper() + label[1:]))
    years = evaluation_years(today)
    rows = {row.year: row for row in _figures(enterprise) if row.year in years}
    filled = len(PROFILE_FIELDS_FOR_EVALUATION) - len(missing)
    for year in years:
        row = rows.get(year)
        if row is None:
            missing.append(MissingItem(f"figures.{year}", _("Figures for %(year)d") % {"year": year}))
            continue
        for name in row.missing_fields():
            figure = str(AnnualFigures._meta.get_field(name).verbose_name)
            missing.append(MissingItem(f"figures.{year}.{name}", f"{year}: {figure}"))
        filled += len(FIGURE_FIELDS) - len(row.missing_fields())
    total = len(PROFILE_FIELDS_FOR_EVALUATION) + len(FIGURE_FIELDS) * len(years)
    percent = 100 if not missing else min(99, filled * 100 // total)
    return Completeness(percent=percent, missing=tuple(missing), years=years)


def _figures(enterprise: Enterprise) -> list[AnnualFigures]:
    cache = getattr(enterprise, "_prefetched_objects_cache", {})
    if "annual_figures" in cache:
        return list(cache["annual_figures"])
    return list(enterprise.annual_figures.all())


class UpdateState:
    DONE = "done"
    OPEN = "open"
    OVERDUE = "overdue"
    # Missing, but no deadline has passed since someone could declare them: the enterprise's first member was
    # verified after this year's deadline (or none is yet). Due at once, not late.
    TO_ENTER = "to_enter"


@dataclass(frozen=True)
class AnnualUpdateStatus:
    year: int  # the financial year being declared
    deadline: datetime.date
    state: str  # UpdateState
    days_left: int  # negative once overdue


def annual_update_deadline(year: int) -> datetime.date:
    """The deadline, in `year`, for declaring the figures of `year - 1` (setting ANNUAL_UPDATE_DEADLINE)."""
    month, day = getattr(settings, "ANNUAL_UPDATE_DEADLINE", DEFAULT_ANNUAL_UPDATE_DEADLINE)
    return datetime.date(year, month, day)


def annual_update_status(
    enterprise: Enterprise, today: datetime.date, deadline: datetime.date | None = None
) -> AnnualUpdateStatus:
    """Whether the previous financial year's figures are complete, and how that stands against the deadline.

    Overdue only when the deadline passed while a verified member could declare them (docs/domain.md section 5: the
    update is the members' duty): an enterprise claimed after this year's deadline has its figures to enter,
    not a missed deadline. One query for the first verification (none with the figures done)."""
    year = today.year - 1
    deadline = deadline or annual_update_deadline(today.year)
    row = next((row for row in _figures(enterprise) if row.year == year), None)
    if row is not None and not row.missing_fields():
        state = UpdateState.DONE
    elif today <= deadline:
        state = UpdateState.OPEN
    else:
        first = getattr(enterprise, "first_verified_at", None)  # annotated by lists (`with_first_verified_at`)
        if not hasattr(enterprise, "first_verified_at"):
            first = enterprise.memberships.filter(status=MembershipStatus.VERIFIED).aggregate(at=Min("decided_at"))[
                "at"
            ]
        joined = timezone.localdate(first) if first is not None else None
        state = UpdateState.OVERDUE if joined is not None and joined <= deadline else UpdateState.TO_ENTER
    return AnnualUpdateStatus(year=year, deadline=deadline, state=state, days_left=(deadline - today).days)


def could_declare_by(deadline: datetime.date, enterprise_ref: str = "pk") -> Exists:
    """A verified member of the enterprise could declare its figures by the end of `deadline` (the park's day): the
    condition under which a missed annual update is overdue rather than to enter (docs/domain.md section 5; the same
    rule as `annual_update_status`), as a filter for the alerts' pass over thousands of enterprises."""
    next_day = datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time.min)
    return Exists(
        Membership.objects.filter(
            enterprise=OuterRef(enterprise_ref),
            status=MembershipStatus.VERIFIED,
            decided_at__lt=timezone.make_aware(next_day),
        )
    )


def first_verified_at(enterprise_ref: str = "pk") -> Subquery:
    """When the enterprise's first member was verified (None: no one yet), as a subquery to annotate
    `first_verified_at` on rows whose `enterprise_ref` is the enterprise, so `annual_update_status` asks nothing."""
    verified = Membership.objects.filter(enterprise=OuterRef(enterprise_ref), status=MembershipStatus.VERIFIED)
    return Subquery(verified.order_by("decided_at").values("decided_at")[:1])


def annual_update_done_q(year: int) -> Q:
    """Every figure of `year` is on record, read from the stored `latest_complete_year` (indexed). Figures are
    only declared for completed years, so the latest complete year reaches `year` exactly when `year` is complete."""
    return Q(latest_complete_year__gte=year)


def with_annual_update_done(enterprises: QuerySet[Enterprise], *, year: int) -> QuerySet[Enterprise]:
    """Annotate `annual_update_done`: every figure of `year` is on record (for lists; a column read, no join)."""
    done = Case(When(annual_update_done_q(year), then=Value(True)), default=Value(False), output_field=BooleanField())
    return enterprises.annotate(annual_update_done=done)


def enterprise_list_rows(enterprises: QuerySet[Enterprise], *, today: datetime.date) -> QuerySet[Enterprise]:
    """The rows of the official's enterprise list: sector joined, `verified` and `annual_update_done` (the previous
    financial year) annotated in SQL, `size_class` stored, and what other apps annotate for `today`
    (`list_extensions`: the current tier); so a page costs the same queries for 1 or 50 rows.

    Filter and sort this queryset, then let `PageFirstData` fetch a page's primary keys before its rows, so the
    annotations are computed for the rows shown only (not for every row an OFFSET skips)."""
    verified = Membership.objects.filter(enterprise=OuterRef("pk"), status=MembershipStatus.VERIFIED)
    rows = enterprises.select_related("sector").annotate(verified=Exists(verified))
    return annotate_extensions(with_annual_update_done(rows, year=today.year - 1), day=today)
