"""Token authentication, scope permissions and the per-token rate limit of the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, throttling
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.settings import api_settings

from .tokens import token_from_secret, token_used


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`. A revoked or expired token, or an unknown one, is a 401; so is an account
    that was deactivated since the token was made."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header is 'Bearer' and the token."))
        token = token_from_secret(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not known."), code="token_unknown")
        # The call log (middleware) records which token was presented, even when it is refused.
        request._request.api_token = token
        if token.revoked is not None:
            raise exceptions.AuthenticationFailed(_("This token was revoked."), code="token_revoked")
        if not token.is_active:
            raise exceptions.AuthenticationFailed(_("This token has expired."), code="token_expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is deactivated."), code="account_inactive")
        token_used(token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class TokenScopes(permissions.BasePermission):
    """Reads need the `read` scope; a write needs the scope its view names in `write_scope` (or `write`)."""

    message = _("This token's scopes do not allow this.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None:
            return False
        if request.method in permissions.SAFE_METHODS:
            return token.grants("read")
        scope = getattr(view, "write_scope", None)
        return scope is not None and token.grants(scope)


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """So many calls per token (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES['token']); over it, 429 with Retry-After.
    Counted in the cache, so every web process shares the count when the cache is Redis."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"t{request.auth.pk}"}

    def get_rate(self):
        # Read at each request (not once at import), so that settings changed at run time and in tests count.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
