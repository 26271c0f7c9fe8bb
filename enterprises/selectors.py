"""Reads about enterprises that span relations, written once and reused by views, tasks and reports."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import IsNull
from django.utils.translation import gettext as _

from portal.roles import Role

from .gbt4754 import DIVISION_SECTION
from .models import ACTIVE_STATUSES, FIGURE_FIELDS, AnnualFigures, Enterprise, Membership
from .size import SizeClass, size_row

# The annual data update is due by this (month, day) each year for the previous financial year
# (DOMAIN.md section 5: 31 May under the 2026 regime; a park on the 2022 regime sets (4, 30)).
DEFAULT_ANNUAL_UPDATE_DEADLINE = (5, 31)
YEARS_FOR_EVALUATION = 3  # the criteria read Y, Y-1 and Y-2 (DOMAIN.md section 9)

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


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """Park officials, administrators and superusers: every enterprise. Enterprise users: those they are a pending
    or verified member of (never a rejected claim). Anyone else: none."""
    enterprises = Enterprise.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return enterprises.none()
    if user.is_superuser or user.has_role(Role.OFFICIAL) or user.has_role(Role.ADMINISTRATOR):
        return enterprises
    if user.has_role(Role.ENTERPRISE):
        membership = Membership.objects.filter(enterprise=OuterRef("pk"), user=user, status__in=ACTIVE_STATUSES)
        return enterprises.filter(Exists(membership))
    return enterprises.none()


def enterprises_by_uscc(codes) -> dict[str, int]:
    """Primary keys of the enterprises with these (normalised) codes, by code; unknown codes are left out."""
    return dict(Enterprise.objects.filter(uscc__in=set(codes)).values_list("uscc", "pk"))


def pending_memberships() -> QuerySet[Membership]:
    """The queue of claims waiting for a park official, oldest first."""
    return (
        Membership.objects.filter(status="pending").select_related("user", "enterprise").order_by("requested_at", "pk")
    )


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
    """Whether the previous financial year's figures are complete, and how that stands against the deadline."""
    year = today.year - 1
    deadline = deadline or annual_update_deadline(today.year)
    row = next((row for row in _figures(enterprise) if row.year == year), None)
    if row is not None and not row.missing_fields():
        state = UpdateState.DONE
    else:
        state = UpdateState.OPEN if today <= deadline else UpdateState.OVERDUE
    return AnnualUpdateStatus(year=year, deadline=deadline, state=state, days_left=(deadline - today).days)


def with_annual_update_done(enterprises: QuerySet[Enterprise], *, year: int) -> QuerySet[Enterprise]:
    """Annotate `annual_update_done`: every figure of `year` is on record (for list filters; no extra query)."""
    complete = Q(**{f"{name}__isnull": False for name in FIGURE_FIELDS})
    done = AnnualFigures.objects.filter(complete, enterprise=OuterRef("pk"), year=year)
    return enterprises.annotate(annual_update_done=Exists(done))


def with_size_class(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """Annotate `size_class` (a SizeClass value) in SQL, the same answer as Enterprise.size_class(), so lists can
    filter and sort on it without loading figures. One correlated subquery per row: the class is computed inside
    it from the latest year's own columns (referencing a Subquery annotation from each When would repeat it)."""
    rows: dict[tuple, list[str]] = {}
    for division, section in DIVISION_SECTION.items():
        row = size_row(section=section, division=division)
        if row is not None:
            rows.setdefault(row, []).append(division)
    whens = []
    for row, divisions in rows.items():
        in_row = Q(division__in=divisions)
        if any(bounds.employees is not None for bounds in row):
            in_row &= Q(employees__isnull=False)
        if any(bounds.revenue is not None for bounds in row):
            in_row &= Q(revenue__isnull=False)
        for size, bounds in zip((SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL), row, strict=True):
            meets = Q()
            if bounds.employees is not None:
                meets &= Q(employees__gte=bounds.employees)
            if bounds.revenue is not None:
                meets &= Q(revenue__gte=bounds.revenue)
            whens.append(When(in_row & meets, then=Value(size.value)))
        whens.append(When(in_row, then=Value(SizeClass.MICRO.value)))
    latest = (
        AnnualFigures.objects.filter(enterprise=OuterRef("pk"))
        .annotate(division=Substr(OuterRef("industry_code"), 2, 2))
        .annotate(size=Case(*whens, default=Value(SizeClass.UNCLASSIFIED.value), output_field=CharField()))
        .order_by("-year")
        .values("size")[:1]
    )
    unclassified = Value(SizeClass.UNCLASSIFIED.value)
    return enterprises.annotate(size_class=Coalesce(Subquery(latest, output_field=CharField()), unclassified))


def enterprise_list_rows(enterprises: QuerySet[Enterprise], *, today: datetime.date) -> QuerySet[Enterprise]:
    """The rows of the official's enterprise list: sector joined, and `verified`, `annual_update_done` (the
    previous financial year) and `size_class` annotated in SQL, so a page costs the same queries for 1 or 50 rows."""
    verified = Membership.objects.filter(enterprise=OuterRef("pk"), status="verified")
    rows = enterprises.select_related("sector").annotate(verified=Exists(verified))
    # Not with_annual_update_done's EXISTS: PostgreSQL hashes that over every figure row (80 ms at 100,000
    # enterprises) even for a page of 50; a LIMIT 1 subquery stays an index probe per row shown.
    complete = Q(**{f"{name}__isnull": False for name in FIGURE_FIELDS})
    done = AnnualFigures.objects.filter(complete, enterprise=OuterRef("pk"), year=today.year - 1).values("pk")[:1]
    rows = rows.annotate(annual_update_done=IsNull(Subquery(done), False))
    return with_size_class(rows)
