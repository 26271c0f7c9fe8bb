"""The two ways the portal refuses an action, written once.

- A service refuses with PermissionDenied: the view that called it shows the message, and the security log (a
  middleware) records the 403.
- A page refuses with a 404: the visitor may not learn that the page or object exists. The refusal is logged
  here, since a 404 is otherwise not a refusal.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .security_log import permission_refused


def require_perm(actor, perm: str, obj=None, message: str | None = None) -> None:
    """Raise PermissionDenied unless `actor` (a user; None counts as nobody) has `perm` on `obj`."""
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do this."))


def require_page_perm(request, perm: str, obj=None) -> None:
    """Answer 404 unless the signed-in visitor has `perm` on `obj`; the refusal is logged with the permission."""
    if not request.user.has_perm(perm, obj):
        permission_refused(request, answered=404, reason=perm)
        raise Http404
