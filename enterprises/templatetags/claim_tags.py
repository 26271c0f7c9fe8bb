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
