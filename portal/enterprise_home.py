"""The enterprise user's home as a path: from the claim to a submitted application, each step done or not, the
next one with one button, the tier held and the next to aim for with its top gaps, and the deadlines that apply.

Wires both apps (the portal sits over them): the claim and profile from `enterprises`, tiers, eligibility and
applications from `accreditation`. A handful of queries per enterprise; an enterprise user keeps one or two.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accreditation import selectors as pool
from accreditation.applications.models import Application, ApplicationState
from accreditation.applications.models.application import DECIDED_STATES, EDITABLE_STATES
from accreditation.applications.rounds import filing_status
from accreditation.eligibility.facts import assess_enterprise, enterprise_facts
from accreditation.eligibility.reevaluation import current_verdicts
from accreditation.eligibility.verdicts import next_tier, tier_views
from accreditation.models import Tier
from enterprises.forms import SECTIONS
from enterprises.models import DevelopmentScore, Membership, MembershipStatus, ScoreState
from enterprises.selectors import annual_update_status, enterprise_completeness

GAPS_SHOWN = 3  # the top gaps of the next tier on the home page; the eligibility page lists them all


@dataclass
class Step:
    key: str
    title: str
    done: bool
    detail: str = ""
    url: str = ""
    action: str = ""  # the button's words when this is the next step


@dataclass
class EnterprisePath:
    membership: Membership
    steps: list[Step] = field(default_factory=list)
    current_tier: Tier | None = None
    next_tier: object = None  # accreditation.eligibility.verdicts.TierView
    gaps: list[str] = field(default_factory=list)
    update: object = None  # enterprises.selectors.AnnualUpdateStatus
    completeness: object = None
    rounds: list[dict] = field(default_factory=list)  # per tier with a round open or announced: see filing_status

    @property
    def enterprise(self):
        return self.membership.enterprise

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if not step.done), None)

    @property
    def pending(self) -> bool:
        return self.membership.status == MembershipStatus.PENDING

    @property
    def rejected(self) -> bool:
        return self.membership.status == MembershipStatus.REJECTED


def enterprise_paths(user, *, today: datetime.date, selected: str | None = None) -> tuple[list, list]:
    """The path of one enterprise the user claimed (`selected`, a primary key as typed, else the first: verified
    ones first, then pending, then rejected) and the user's other claims, to switch to. One path only, so the
    home costs the same for a consultancy keeping fifty enterprises as for one."""
    order = {MembershipStatus.VERIFIED: 0, MembershipStatus.PENDING: 1, MembershipStatus.REJECTED: 2}
    memberships = sorted(
        Membership.objects.filter(user=user).select_related("enterprise", "enterprise__sector"),
        key=lambda m: (order.get(m.status, 3), m.enterprise.name_zh),
    )
    if not memberships:
        return [], []
    shown = next((m for m in memberships if str(m.enterprise_id) == (selected or "")), memberships[0])
    return [_path(shown, today)], [m for m in memberships if m is not shown]


def _path(membership: Membership, today: datetime.date) -> EnterprisePath:
    path = EnterprisePath(membership=membership)
    claim_url = reverse("enterprises:my_claim", kwargs={"pk": membership.pk})
    verified = membership.status == MembershipStatus.VERIFIED
    path.steps.append(
        Step(
            "claim",
            _("Claim verified by the park"),
            verified,
            "" if verified else _("Your claim awaits verification by a park official."),
            claim_url,
            _("See your claim"),
        )
    )
    if not verified:
        # A claim not verified opens nothing of the enterprise (not even its figures): the rest of the path is
        # shown, closed, so the user sees where it leads.
        closed = _("Opens once the claim is verified.")
        for key, title in (
            ("profile", _("Profile the evaluation reads")),
            ("figures", _("Figures of the last three years")),
            ("score", _("Development evaluation score of %(year)d") % {"year": today.year}),
            ("eligibility", _("A tier you qualify for")),
            ("application", _("Application submitted")),
        ):
            path.steps.append(Step(key, title, False, closed))
        return path

    enterprise = membership.enterprise
    pk = enterprise.pk
    path.completeness = completeness = enterprise_completeness(enterprise, today=today)
    missing_profile = [item for item in completeness.missing if item.code.startswith("profile.")]
    first_section = next(
        (
            key
            for key, (_t, fields) in SECTIONS.items()
            if any(f"profile.{name}" in _codes(missing_profile) for name in fields)
        ),
        next(iter(SECTIONS)),
    )
    path.steps.append(
        Step(
            "profile",
            _("Profile the evaluation reads"),
            not missing_profile,
            _("Still missing: %(fields)s") % {"fields": _join(item.label for item in missing_profile[:4])}
            if missing_profile
            else "",
            reverse("enterprises:edit_section", kwargs={"pk": pk, "section": first_section}),
            _("Complete the profile"),
        )
    )
    path.update = update = annual_update_status(enterprise, today)
    missing_figures = [item for item in completeness.missing if item.code.startswith("figures.")]
    path.steps.append(
        Step(
            "figures",
            _("Figures of the last three years"),
            not missing_figures,
            _("%(count)d figures still to enter, %(year)d first.")
            % {"count": len(missing_figures), "year": update.year}
            if missing_figures
            else "",
            reverse("enterprises:figures", kwargs={"pk": pk}),
            _("Enter the figures"),
        )
    )
    path.steps.append(_score_step(enterprise, today))

    # The verdicts are the stored ones the eligibility page, the exports and the alerts read (one verdict
    # everywhere); the engine's own assessment gives the reasons.
    facts = enterprise_facts(enterprise, as_of=today)
    assessment = assess_enterprise(enterprise, as_of=today, facts=facts)
    stored = current_verdicts(enterprise_id=enterprise.pk, as_of=today, facts=facts)
    tiers = list(Tier.objects.order_by("order"))
    views = tier_views(assessment, {tier.code: tier for tier in tiers}, enterprise_pk=pk, stored=stored)
    path.current_tier = pool.current_tier(enterprise, day=today)
    path.next_tier = aim = next_tier(views, path.current_tier)
    if aim is not None:
        path.gaps = [criterion.message for criterion in aim.gaps[:GAPS_SHOWN]] or [
            _("Declare first: %(fields)s") % {"fields": _join(aim.missing[:GAPS_SHOWN])}
        ] * bool(aim.missing)
    floor = path.current_tier.order if path.current_tier is not None else -1
    eligible = [view for view in views if view.eligible is True and view.order > floor]
    eligibility_url = reverse("accreditation:eligibility", kwargs={"enterprise_pk": pk})
    path.steps.append(
        Step(
            "eligibility",
            _("A tier you qualify for"),
            bool(eligible),
            _("Eligible for %(tiers)s.") % {"tiers": _join(view.name for view in eligible)}
            if eligible
            else _("Not yet: the eligibility page shows what is missing for each tier."),
            eligibility_url,
            _("See what you lack"),
        )
    )
    # Filing needs an open round of the tier (docs/domain.md section 4): the deadlines show each open round and the
    # next announced one, the application step which tiers take applications today. One query for every tier.
    path.rounds = [row for row in filing_status(tiers, today) if row["open"] or row["next"]]
    open_now = [row["tier"] for row in path.rounds if row["open"]]
    filing = (
        _("Open for applications now: %(tiers)s.") % {"tiers": _join(tier.name for tier in open_now)}
        if open_now
        else _("No tier takes applications now: the deadlines show when the next round opens.")
    )
    applications = Application.objects.filter(enterprise=enterprise).select_related("tier").order_by("-created")
    sent = next((a for a in applications if a.state not in EDITABLE_STATES and a.state not in DECIDED_STATES), None)
    editable = next((a for a in applications if a.state in EDITABLE_STATES), None)
    if sent is not None:
        detail = _("%(number)s for “%(tier)s”: %(state)s.") % {
            "number": sent.number,
            "tier": sent.tier.name,
            "state": sent.get_state_display(),
        }
        path.steps.append(Step("application", _("Application submitted"), True, detail))
    elif editable is not None:
        state = _("returned for revision") if editable.state == ApplicationState.RETURNED else _("a draft")
        path.steps.append(
            Step(
                "application",
                _("Application submitted"),
                False,
                _("%(number)s for “%(tier)s” is %(state)s.")
                % {"number": editable.number, "tier": editable.tier.name, "state": state}
                + " "
                + filing,
                reverse("applications:detail", kwargs={"pk": editable.pk}),
                _("Continue the application"),
            )
        )
    else:
        tier_code = eligible[0].code if eligible else ""
        start = reverse("applications:start", kwargs={"enterprise_pk": pk})
        path.steps.append(
            Step(
                "application",
                _("Application submitted"),
                False,
                filing,
                f"{start}?tier={tier_code}" if tier_code else start,
                _("Apply for %(tier)s") % {"tier": eligible[0].name} if eligible else _("Apply for a tier"),
            )
        )
    return path


def _score_step(enterprise, today: datetime.date) -> Step:
    """The development evaluation score of the year the engine reads (`development_score` is the score of the
    evaluation date's year, accreditation.eligibility.facts): done once declared, even before an official verified
    it, as the engine reads it at once; a rejected score is not read, so the step opens again."""
    year = today.year
    row = DevelopmentScore.objects.filter(enterprise=enterprise, year=year).only("score", "state").first()
    done = row is not None and row.state != ScoreState.REJECTED
    why = _("It counts for the specialized and little-giant tiers.")
    if done:
        detail = _("Score %(score)s (%(state)s). %(why)s") % {
            "score": format(row.score.normalize(), "f"),  # 62.5 rather than 62.50, 60 rather than 6E+1
            "state": row.get_state_display(),
            "why": why,
        }
    elif row is not None:
        detail = _("The declared score was rejected: declare it again. %(why)s") % {"why": why}
    else:
        detail = _("Declare it with the national platform's page as evidence. %(why)s") % {"why": why}
    return Step(
        "score",
        _("Development evaluation score of %(year)d") % {"year": year},
        done,
        detail,
        reverse("enterprises:development_scores", kwargs={"pk": enterprise.pk}),
        _("Declare the score"),
    )


def _join(names) -> str:
    """Names in a list, with the active language's separator (Chinese lists use the enumeration comma)."""
    return pgettext("list separator", ", ").join(str(name) for name in names)


def _codes(items) -> set[str]:
    return {item.code for item in items}
