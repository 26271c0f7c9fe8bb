"""Reads of the cultivation plans: their targets, and their progress at a date.

"At least tier T" counts the enterprises whose current tier is T or one ordered above it, from the tier reports'
own count (`accreditation.reports.rows.current_records`: one record per enterprise, at its current tier), so a
plan's figure is always the sum of the `export_tier_report --tier` files of T and the tiers above it. A day before
today is counted by the records' own dates (granted by then, not yet expired then): what stood on that day, not
what stands now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, QuerySet

from accreditation.applications.models import DECIDED_STATES, Application, ApplicationState
from accreditation.eligibility.models import EligibilityAssessment
from accreditation.models import Tier
from accreditation.programmes.models import CultivationPlan, PlanTarget
from accreditation.reports.rows import current_records, report_lookups
from portal.core import dates

# When no application for a tier has been decided yet there is no success rate of its own: the rate of every
# decided application stands in, and with none at all, even odds (stated on the plan's page with the method).
NO_HISTORY_RATE = Fraction(1, 2)
# Outcomes that count toward a success rate: a withdrawn application was never judged.
JUDGED_STATES = (ApplicationState.ACCREDITED, ApplicationState.NOT_ACCREDITED, ApplicationState.REJECTED)


def plans_visible_to(user) -> QuerySet[CultivationPlan]:
    """Park staff see every plan; nobody else any (the views answer 404 to them)."""
    if user.has_perm("programmes.view_plan"):
        return CultivationPlan.objects.all()
    return CultivationPlan.objects.none()


def current_plan(*, day: dt.date) -> CultivationPlan | None:
    """The plan covering `day`'s year (the latest starting one, when plans overlap); else the latest plan."""
    plans = list(CultivationPlan.objects.order_by("-first_year", "-pk"))  # a park has a handful: one query
    return next((plan for plan in plans if plan.covers(day.year)), plans[0] if plans else None)


def plan_tiers(plan: CultivationPlan) -> list[Tier]:
    """The tiers the plan sets targets for, lowest first."""
    ids = plan.targets.values("tier")
    return list(Tier.objects.filter(pk__in=ids).order_by("order", "code"))


def plan_target_grid(plan: CultivationPlan) -> dict[tuple[int, int], int]:
    """(tier id, year) -> target."""
    return {(t.tier_id, t.year): t.target for t in PlanTarget.objects.filter(plan=plan)}


def counts_by_tier(*, day: dt.date, today: dt.date) -> dict[int, int]:
    """Enterprises at each current tier on `day`: the tier reports' count (exact from today on; by the records'
    dates before today). One query."""
    records = current_records(day=day, by_dates=day < today)
    return dict(records.order_by().values_list("tier").annotate(n=Count("pk")))


def at_least(counts: dict[int, int], tier: Tier, orders: dict[int, int]) -> int:
    """Enterprises whose current tier is `tier` or ranks above it."""
    return sum(n for tier_id, n in counts.items() if orders.get(tier_id, -1) >= tier.order)


@dataclass(frozen=True)
class YearPoint:
    year: int
    day: dt.date | None  # the day counted: the year's end, or the as-of date in its year; None: still to come
    actual: int | None
    target: int | None


@dataclass(frozen=True)
class TierProgress:
    tier: Tier
    target: int | None  # this year's (the as-of date's year)
    at_least: int
    trajectory: tuple[YearPoint, ...]
    eligible_not_applying: int
    applications_open: int
    expected_grants: int
    rate: Fraction  # the success rate the expected grants were weighed with (of the tier itself)

    @property
    def forecast(self) -> int:
        return self.at_least + self.expected_grants

    @property
    def gap(self) -> int | None:
        return None if self.target is None else self.target - self.at_least

    @property
    def rate_percent(self) -> int:
        return round(self.rate * 100)


@dataclass(frozen=True)
class PlanProgress:
    plan: CultivationPlan
    as_of: dt.date
    tiers: tuple[TierProgress, ...] = field(default_factory=tuple)

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def in_plan(self) -> bool:
        return self.plan.covers(self.as_of.year)


def plan_progress(plan: CultivationPlan, *, as_of: dt.date | None = None, today: dt.date | None = None) -> PlanProgress:
    """The plan's progress on `as_of` (default today): per tier this year's target, the enterprises at least at
    the tier, the count at each plan year's end (or at `as_of` in its own year; None for years to come), and the
    pipeline's forecast for the year's end. A query per plan year, plus a few for the pipeline."""
    today = today or dates.today()
    as_of = as_of or today
    tiers = plan_tiers(plan)
    if not tiers:
        return PlanProgress(plan=plan, as_of=as_of)
    all_tiers = list(Tier.objects.all())
    orders = {tier.pk: tier.order for tier in all_tiers}
    grid = plan_target_grid(plan)
    now_counts = counts_by_tier(day=as_of, today=today)
    by_year: dict[int, dict[int, int] | None] = {}
    days: dict[int, dt.date | None] = {}
    for year in plan.years:
        end = dt.date(year, 12, 31)
        if year == as_of.year:
            by_year[year], days[year] = now_counts, as_of
        elif end < as_of:
            by_year[year], days[year] = counts_by_tier(day=end, today=today), end
        else:
            by_year[year], days[year] = None, None
    pipeline = _pipeline(tiers, all_tiers, orders, day=as_of, today=today)
    progress = []
    for tier in tiers:
        trajectory = tuple(
            YearPoint(
                year=year,
                day=days[year],
                actual=None if by_year[year] is None else at_least(by_year[year], tier, orders),
                target=grid.get((tier.pk, year)),
            )
            for year in plan.years
        )
        eligible, open_count, expected, rate = pipeline[tier.pk]
        progress.append(
            TierProgress(
                tier=tier,
                target=grid.get((tier.pk, as_of.year)),
                at_least=at_least(now_counts, tier, orders),
                trajectory=trajectory,
                eligible_not_applying=eligible,
                applications_open=open_count,
                expected_grants=expected,
                rate=rate,
            )
        )
    return PlanProgress(plan=plan, as_of=as_of, tiers=tuple(progress))


def _pipeline(
    tiers: list[Tier], all_tiers: list[Tier], orders: dict[int, int], *, day: dt.date, today: dt.date
) -> dict[int, tuple[int, int, int, Fraction]]:
    """Per plan tier T: enterprises below T that are eligible for T and have no open application at T or above;
    enterprises below T with an application open (submitted, not decided) at T or above; and the grants expected
    of those: each enterprise's best success rate among its open applications, summed and rounded."""
    current = dict(current_records(day=day, by_dates=day < today).values_list("enterprise_id", "tier_id"))

    def below(enterprise_id: int, tier: Tier) -> bool:
        tier_id = current.get(enterprise_id)
        return tier_id is None or orders[tier_id] < tier.order

    rates = _success_rates(all_tiers)
    live = Application.objects.exclude(state__in=DECIDED_STATES).values_list("enterprise_id", "tier_id", "state")
    applying: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for enterprise_id, tier_id, state in live:
        applying[enterprise_id].append((tier_id, state))

    versions = report_lookups(day=day).versions
    eligible_for: dict[int, set[int]] = defaultdict(set)
    wanted = [(tier.pk, versions[tier.pk]) for tier in tiers if tier.pk in versions]
    for tier_id, version in wanted:
        rows = EligibilityAssessment.objects.filter(tier_id=tier_id, criteria_version=version, eligible=True)
        eligible_for[tier_id] = set(rows.values_list("enterprise_id", flat=True))

    answer = {}
    for tier in tiers:
        eligible = sum(
            1
            for enterprise_id in eligible_for[tier.pk]
            if below(enterprise_id, tier)
            and not any(orders[t] >= tier.order for t, _state in applying.get(enterprise_id, ()))
        )
        open_count, expected = 0, Fraction(0)
        for enterprise_id, applications in applying.items():
            submitted = [t for t, state in applications if state != ApplicationState.DRAFT and orders[t] >= tier.order]
            if submitted and below(enterprise_id, tier):
                open_count += 1
                expected += max(rates[t] for t in submitted)
        answer[tier.pk] = (eligible, open_count, round(expected), rates[tier.pk])
    return answer


def _success_rates(tiers: list[Tier]) -> dict[int, Fraction]:
    """Accredited / judged applications per tier; a tier without a judged one takes the rate of all tiers."""
    judged = Application.objects.filter(state__in=JUDGED_STATES).order_by().values_list("tier", "state")
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # tier id -> [accredited, judged]
    for tier_id, state, n in judged.annotate(n=Count("pk")).values_list("tier", "state", "n"):
        counts[tier_id][1] += n
        if state == ApplicationState.ACCREDITED:
            counts[tier_id][0] += n
    granted = sum(c[0] for c in counts.values())
    total = sum(c[1] for c in counts.values())
    overall = Fraction(granted, total) if total else NO_HISTORY_RATE
    return {tier.pk: Fraction(*counts[tier.pk]) if counts[tier.pk][1] else overall for tier in tiers}
