"""The security log: failed sign-ins, lockouts and refused permissions, with who, what and when.

Everything goes to the `portal.security` logger (stderr in production, see LOGGING in the settings), one line
per event, with the details also as record attributes (`security_event`, `username`, `ip_address`, `path`,
`method`) for a log shipper. Each record carries its time. django-axes keeps the durable trace of sign-ins in
the database besides (AccessAttempt, AccessFailureLog, AccessLog).

Refused permissions: every 403 answer (a PermissionDenied the view let through, the admin refusing a change,
a CSRF failure); a permission the views' `require` helpers refuse (they answer 404 so as not to reveal that the
page or object exists, and name the permission here); and a PermissionDenied of a service that a view turns
into a 404. An object outside the user's queryset is a plain 404 and is not logged: it cannot be told apart
from a mistyped address.
"""

import logging

from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import Http404

from . import client_address

logger = logging.getLogger("portal.security")


def client_ip(request) -> str:
    """The client's address, the one sign-in lockout keys on (it knows how many proxies stand in front)."""
    if request is None:
        return "-"
    return client_address.client_ip(request) or "-"


def _who(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "anonymous"
    return f"{user.get_username()} (id {user.pk})"


@receiver(user_login_failed, dispatch_uid="portal.security_log.sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """A sign-in with a wrong password, an unknown address or a locked account."""
    username = str(credentials.get("username", ""))[:150]
    ip_address = client_ip(request)
    logger.warning(
        "sign-in failed: username=%r ip=%s",
        username,
        ip_address,
        extra={"security_event": "sign_in_failed", "username": username, "ip_address": ip_address},
    )


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    logger.warning(
        "sign-in locked out: username=%r ip=%s",
        username,
        ip_address,
        extra={"security_event": "locked_out", "username": username or "", "ip_address": ip_address or "-"},
    )


def permission_refused(request, *, answered: int, reason: str = "") -> None:
    """Log that `request` was refused (answered 403, or 404 to hide the object); `reason`: the permission."""
    who, ip_address = _who(request), client_ip(request)
    logger.warning(
        "permission refused: user=%s %s %s answered=%d ip=%s%s",
        who,
        request.method,
        request.get_full_path()[:500],
        answered,
        ip_address,
        f" reason={reason}" if reason else "",
        extra={
            "security_event": "permission_refused",
            "username": who,
            "path": request.path,
            "method": request.method,
            "ip_address": ip_address,
        },
    )


class SecurityLogMiddleware:
    """Logs every refused request. Sits after the authentication middleware, so it knows the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            permission_refused(request, answered=403)
        return response

    def process_exception(self, request, exception):
        # A view that turns a refused permission into a 404 (`raise Http404 from None`) still leaves the
        # PermissionDenied as the 404's context: that is a refusal, not a missing page.
        if isinstance(exception, Http404) and isinstance(exception.__context__, PermissionDenied):
            permission_refused(request, answered=404, reason="hidden")
        return None


def connect_axes_signals() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="portal.security_log.locked_out")


connect_axes_signals()
