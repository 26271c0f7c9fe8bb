"""Reads of the support programmes: who may apply to what, what each user may see, and what the park spent."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, Min, OuterRef, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from accreditation.eligibility.models import EligibilityAssessment
from accreditation.models import Accreditation, AccreditationStatus, Tier
from accreditation.selectors import top_accreditations
from accreditation.support.models import (
    DECIDED_STATES,
    AwardProposal,
    AwardState,
    Call,
    Disbursement,
    GrantAgreement,
    ProgrammeKind,
    SupportApplication,
)
from enterprises.models import Enterprise, Membership, MembershipStatus


def apply_refusal(*, call: Call, enterprise: Enterprise, day: datetime.date) -> str | None:
    """Why `enterprise` may not apply to `call` on `day`, or None when it may (docs/domain.md section 10)."""
    programme = call.programme
    if programme.kind == ProgrammeKind.TITLE_AWARD:
        return _("Cash awards are proposed by the portal when a title is granted; no one applies for them.")
    if not programme.is_active:
        return _("This programme is closed.")
    if not call.is_open_on(day):
        return _("The call is closed: applications are taken from %(opens)s to %(closes)s.") % {
            "opens": call.opens_on,
            "closes": call.closes_on,
        }
    held = Accreditation.objects.held_on(day).filter(enterprise=enterprise)
    # Read through all(), so a caller that prefetched the programme's tiers (open_calls_for) asks nothing more.
    tiers = sorted(programme.tiers.all(), key=lambda tier: tier.order)
    if tiers and not held.filter(tier__in=tiers).exists():
        names = ", ".join(str(tier) for tier in tiers)
        return _("Only enterprises holding one of these titles may apply: %(tiers)s.") % {"tiers": names}
    if programme.pool_only and not held.exists():
        return _("Only enterprises in the park's pool may apply.")
    criteria = sorted(programme.eligible_tiers.all(), key=lambda tier: tier.order)
    if (
        criteria
        and not EligibilityAssessment.objects.filter(enterprise=enterprise, tier__in=criteria, eligible=True).exists()
    ):
        names = ", ".join(str(tier) for tier in criteria)
        return _(
            "Only enterprises that meet the criteria of one of these tiers may apply: %(tiers)s. The enterprise's "
            "eligibility page says what it still lacks."
        ) % {"tiers": names}
    if SupportApplication.objects.filter(call=call, enterprise=enterprise).exclude(state__in=DECIDED_STATES).exists():
        return _("This enterprise already has an open application to this call.")
    return None


def verified_enterprises(user) -> QuerySet[Enterprise]:
    if not (user and user.is_authenticated):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(memberships__user=user, memberships__status=MembershipStatus.VERIFIED).distinct()


def open_calls_for(enterprise: Enterprise, *, day: datetime.date) -> list[tuple[Call, str | None]]:
    """Every call open on `day` that takes applications, each with why this enterprise may not apply (or None)."""
    calls = (
        Call.objects.filter(opens_on__lte=day, closes_on__gte=day, programme__is_active=True)
        .exclude(programme__kind=ProgrammeKind.TITLE_AWARD)
        .select_related("programme")
        .prefetch_related("programme__tiers", "programme__eligible_tiers")
        .order_by("closes_on", "pk")
    )
    return [(call, apply_refusal(call=call, enterprise=enterprise, day=day)) for call in calls]


def applications_visible_to(user) -> QuerySet[SupportApplication]:
    base = SupportApplication.objects.select_related("call__programme", "enterprise")
    if user.has_perm("support.manage_programmes"):
        return base
    members = Membership.objects.filter(
        user=user, enterprise=OuterRef("enterprise"), status__in=[MembershipStatus.VERIFIED]
    )
    return base.filter(Exists(members))


def awards_visible_to(user) -> QuerySet[AwardProposal]:
    if not user.has_perm("support.manage_programmes"):
        return AwardProposal.objects.none()
    return AwardProposal.objects.select_related("programme", "enterprise", "accreditation__tier")


def pending_awards() -> QuerySet[AwardProposal]:
    return AwardProposal.objects.filter(state=AwardState.PROPOSED)


def grants_of(enterprise_ids) -> QuerySet[GrantAgreement]:
    return (
        GrantAgreement.objects.filter(application__enterprise_id__in=enterprise_ids)
        .select_related("application__call__programme", "application__enterprise")
        .prefetch_related("tranches__disbursement", "tranches__milestone", "milestones__reports")
    )


def spending(*, day: datetime.date, group: str) -> list[dict]:
    """What the park paid out, summed by `group`: "programme", "year", "tier" (the enterprise's current tier on
    `day`) or "enterprise". Rows sorted by the amount, the largest first."""
    payments = Disbursement.objects.all()
    if group == "programme":
        rows = payments.values("call__programme__name_en", "call__programme__name_zh", "call__programme__code")
        rows = rows.annotate(total=Sum("amount")).order_by("-total")
        return [
            {
                "key": row["call__programme__code"],
                "en": row["call__programme__name_en"],
                "zh": row["call__programme__name_zh"],
                "total": row["total"],
            }
            for row in rows
        ]
    if group == "year":
        rows = (
            payments.annotate(year=ExtractYear("paid_on")).values("year").annotate(total=Sum("amount")).order_by("year")
        )
        return [
            {"key": str(row["year"]), "en": str(row["year"]), "zh": str(row["year"]), "total": row["total"]}
            for row in rows
        ]
    by_enterprise = dict(payments.values_list("enterprise").annotate(total=Sum("amount")).order_by())
    if group == "enterprise":
        names = dict(Enterprise.objects.filter(pk__in=by_enterprise).values_list("pk", "name_zh"))
        return sorted(
            ({"key": str(pk), "en": names[pk], "zh": names[pk], "total": total} for pk, total in by_enterprise.items()),
            key=lambda row: -row["total"],
        )
    tiers = dict(
        top_accreditations(day=day).filter(enterprise_id__in=by_enterprise).values_list("enterprise_id", "tier__code")
    )
    names = {tier.code: tier for tier in Tier.objects.all()}
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for enterprise_id, total in by_enterprise.items():
        totals[tiers.get(enterprise_id, "")] += total
    return sorted(
        (
            {
                "key": code,
                "en": names[code].name_en if code in names else str(_("No title")),
                "zh": names[code].name_zh if code in names else str(_("No title")),
                "total": total,
            }
            for code, total in totals.items()
        ),
        key=lambda row: -row["total"],
    )


def spent_total() -> Decimal:
    return Disbursement.objects.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def spending_by_programme_and_year() -> dict[tuple[str, str, str], dict[int, Decimal]]:
    """(programme code, English name, Chinese name) -> {year: paid}: what the dashboard draws. One query."""
    rows = (
        Disbursement.objects.annotate(year=ExtractYear("paid_on"))
        .values_list("call__programme__code", "call__programme__name_en", "call__programme__name_zh", "year")
        .annotate(total=Sum("amount"))
        .order_by("call__programme__code", "year")
    )
    table: dict[tuple[str, str, str], dict[int, Decimal]] = {}
    for code, name_en, name_zh, year, total in rows:
        table.setdefault((code, name_en, name_zh), {})[year] = total
    return table


@dataclass(frozen=True)
class Outcome:
    """What the support bought: of the enterprises paid anything, those that gained `tier` (or a higher one) after
    their first payment, and the whole support paid divided by them."""

    tier: Tier
    supported: int
    paid: Decimal
    gained: int

    @property
    def cost_per_gain(self) -> Decimal | None:
        return (self.paid / self.gained).quantize(Decimal("0.01")) if self.gained else None


def support_outcome(*, tier_code: str = "little-giant") -> Outcome | None:
    """Cost per new title of `tier_code` among the supported firms (the issue's "cost per new little giant").
    Two queries and the tier."""
    tier = Tier.objects.filter(code=tier_code).first()
    if tier is None:
        return None
    firsts = {
        row["enterprise"]: row
        for row in Disbursement.objects.values("enterprise").annotate(first=Min("paid_on"), total=Sum("amount"))
    }
    later = Accreditation.objects.filter(enterprise_id__in=firsts, tier__order__gte=tier.order).exclude(
        status=AccreditationStatus.REVOKED
    )
    gained = {
        enterprise_id
        for enterprise_id, granted_on in later.values_list("enterprise_id", "granted_on")
        if granted_on > firsts[enterprise_id]["first"]
    }
    paid = sum((row["total"] for row in firsts.values()), Decimal("0"))
    return Outcome(tier=tier, supported=len(firsts), paid=paid, gained=len(gained))
