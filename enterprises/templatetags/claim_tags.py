"""The navigation's count of claims waiting for a park official."""

from django import template

from ..selectors import pending_claim_count as _pending_claim_count

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_claim_count(context) -> int:
    """Claims to decide, for those who decide them (0 for anyone else); one COUNT per page that shows it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.has_perm("enterprises.verify_membership")):
        return 0
    return _pending_claim_count()


@register.simple_tag(takes_context=True)
def verified_enterprise_pk(context) -> int | None:
    """The enterprise whose eligibility the navigation links to: the user's first verified one (None: no link, so
    a pending claim never leads to a 404)."""
    from ..models import MembershipStatus

    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return None
    memberships = user.enterprise_memberships.filter(status=MembershipStatus.VERIFIED)
    return memberships.order_by("enterprise__name_zh").values_list("enterprise_id", flat=True).first()
