"""Who may do what with an enterprise (django-rules). Views ask one permission of one object."""

import rules

from portal.core.rules import is_administrator, is_enterprise_user, is_park_official, is_park_staff

from .models import ACTIVE_STATUSES, MembershipStatus


def _member_statuses(user, enterprise) -> set[str]:
    """Statuses of `user`'s memberships of `enterprise` (at most one row). Not cached: a claim decided earlier in
    the same request must count at once."""
    if not (user and user.is_authenticated and user.is_active and enterprise is not None and enterprise.pk):
        return set()
    return set(enterprise.memberships.filter(user=user).values_list("status", flat=True))


@rules.predicate
def is_member(user, enterprise) -> bool:
    """A member whose claim an official verified: may see and edit the profile. A pending claim counts for nothing
    (anyone may type a public USCC)."""
    return bool(_member_statuses(user, enterprise) & set(ACTIVE_STATUSES))


@rules.predicate
def is_verified_member(user, enterprise) -> bool:
    """A member whose claim a park official verified: may also apply for accreditation."""
    return MembershipStatus.VERIFIED in _member_statuses(user, enterprise)


rules.add_perm("enterprises.claim_enterprise", is_enterprise_user)
rules.add_perm("enterprises.view_enterprise", is_member | is_park_staff)
rules.add_perm("enterprises.change_enterprise", is_member | is_park_staff)
rules.add_perm("enterprises.apply_for_enterprise", is_verified_member)
rules.add_perm("enterprises.verify_membership", is_park_official | is_administrator)
rules.add_perm("enterprises.list_enterprises", is_park_staff)
# The development evaluation score: members see it and verified members declare it; park officials (and
# administrators) verify it, never the enterprise itself.
rules.add_perm("enterprises.declare_development_score", is_verified_member)
rules.add_perm("enterprises.verify_development_score", is_park_official | is_administrator)


@rules.predicate
def is_claimant(user, membership) -> bool:
    """The user who made this claim: they see its page and its proof, whatever its status."""
    return bool(membership is not None and user and user.is_authenticated and membership.user_id == user.pk)


# A claim's page and its proof files: the claimant and those who decide claims.
rules.add_perm("enterprises.view_claim", is_claimant | is_park_official | is_administrator)
