"""What every enterprise view shares: one permission per view, objects from what the user may see."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from enterprises.models import Enterprise
from enterprises.selectors import enterprises_visible_to
from portal.core import dates
from portal.core.security_log import permission_refused


def require(request, perm: str, obj=None) -> None:
    """Refuse with a 404: the visitor may not learn that the page or object exists. The refusal is logged."""
    if not request.user.has_perm(perm, obj):
        permission_refused(request, answered=404, reason=perm)
        raise Http404


def visible_enterprise(request, pk: int, perm: str) -> Enterprise:
    """The enterprise `pk` if this user may see it and holds `perm` on it; otherwise a 404."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user).select_related("sector"), pk=pk)
    require(request, perm, enterprise)
    return enterprise


def today():
    return dates.today()
