"""The conflict-of-interest rule of expert review, written once: the draw leaves conflicted experts out, a manual
assignment refuses them, and the review predicates (`accreditation.applications.rules`) check it again at every
step, since a conflict can arise after the assignment (the expert joins the applicant, changes employer, declares
a relation).

An expert has a conflict with an enterprise when they are a member of it (a pending claim counts: they say they
work there), when their declared employer is that enterprise (by USCC), or when they declared a relation with it.
Sister firms (no "group" is recorded): enterprises sharing the applicant's legal representative; see
`sister_firms`. They matter to the draw only, which never gives one group's applications to the same expert.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accreditation.applications.models import ExpertProfile
from enterprises.models import CLAIMED_STATUSES, Enterprise, Membership

# Why an expert is left out of a draw: codes kept in the draw's record, read in the reader's language.
MEMBER, EMPLOYER, RELATION = "member", "employer", "relation"
SISTER, UNAVAILABLE, ALREADY, DECLINED = "sister", "unavailable", "assigned", "declined"
REASONS = {
    MEMBER: _("member of the applicant"),
    EMPLOYER: _("employed by the applicant"),
    RELATION: _("declared a relation with the applicant"),
    SISTER: _("already drawn for a sister firm (same legal representative)"),
    UNAVAILABLE: _("unavailable"),
    ALREADY: _("already assigned to this application"),
    DECLINED: _("declined this application before"),
}


def conflicted_enterprises(user) -> Q:
    """A filter of enterprises `user` has a conflict with (for Enterprise querysets); read from the database each
    time, never from a profile cached on the user."""
    member = Membership.objects.filter(enterprise=OuterRef("pk"), user=user, status__in=CLAIMED_STATUSES)
    employer = ExpertProfile.objects.filter(user=user, employer_uscc=OuterRef("uscc"))
    return Q(Exists(member)) | Q(Exists(employer)) | Q(declared_experts__user=user)


def has_conflict(user, enterprise) -> bool:
    """True when `user` has a conflict of interest with `enterprise` (one query)."""
    if enterprise is None or not (user and user.is_authenticated):
        return False
    return Enterprise.objects.filter(pk=enterprise.pk).filter(conflicted_enterprises(user)).exists()


def conflict_reasons(enterprise, experts: list) -> dict[int, list[str]]:
    """For each expert (users with `expert_profile` loaded, or None) the reasons of their conflicts with
    `enterprise`, by user id; experts without a conflict are left out. Three queries for any number of experts."""
    ids = [expert.pk for expert in experts]
    members = set(
        Membership.objects.filter(enterprise=enterprise, user_id__in=ids, status__in=CLAIMED_STATUSES).values_list(
            "user_id", flat=True
        )
    )
    related = set(enterprise.declared_experts.filter(user_id__in=ids).values_list("user_id", flat=True))
    reasons: dict[int, list[str]] = {}
    for expert in experts:
        profile = getattr(expert, "expert_profile", None)
        found = []
        if expert.pk in members:
            found.append(MEMBER)
        if profile is not None and profile.employer_uscc and profile.employer_uscc == enterprise.uscc:
            found.append(EMPLOYER)
        if expert.pk in related:
            found.append(RELATION)
        if found:
            reasons[expert.pk] = found
    return reasons


def sister_firms(enterprise) -> QuerySet[Enterprise]:
    """The other enterprises of the applicant's group. The portal records no group, so a group is approximated by
    a shared legal representative (the same person heading both firms), compared with spaces and case ignored;
    an enterprise without a legal representative has no sister firm."""
    name = " ".join((enterprise.legal_representative or "").split())
    if not name:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(legal_representative__iexact=name).exclude(pk=enterprise.pk)
