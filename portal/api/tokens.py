"""Making, finding and revoking API tokens (services and selectors of the API's own data)."""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.twofactor import authenticator_of, second_factor_required

from .models import ApiToken, Scope

TOKEN_PREFIX = "lgp"  # noqa: S105 - says what the string is when it turns up in a log or a leaked file
DEFAULT_DAYS = 90
MAX_DAYS = 365  # a token nobody rotates for more than a year is a token nobody watches


def _hash(secret: str) -> str:
    # The secret is 256 random bits: a fast hash is safe (no dictionary to try), unlike a password.
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(
    *, user, name: str, scopes: list[str], days: int = DEFAULT_DAYS, second_factor_passed: bool
) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with its secret, which is never stored and cannot be shown again.

    Officials and administrators hold every enterprise's data: their tokens are made only when the second factor
    was passed (on the page: in this session; on the command line: they have an authenticator set up)."""
    if second_factor_required(user) and not second_factor_passed:
        raise PermissionDenied(_("Pass the second factor before you create an API token."))
    errors = {}
    unknown = sorted(set(scopes) - set(Scope.values))
    if not scopes or unknown:
        errors["scopes"] = _("Choose at least one scope among: %(scopes)s.") % {"scopes": ", ".join(Scope.values)}
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}
    if not name.strip():
        errors["name"] = _("Give the token a name that says which system uses it.")
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name.strip()[:100],
        prefix=prefix,
        secret_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        expires=timezone.now() + datetime.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_create_offline(*, user, name: str, scopes: list[str], days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """The command line's way: an operator makes the token; an official's account must have a second factor."""
    return api_token_create(
        user=user, name=name, scopes=scopes, days=days, second_factor_passed=authenticator_of(user) is not None
    )


def api_token_revoke(*, token_id: int, actor) -> ApiToken:
    """Revoke a token at once: its owner or an administrator may. Revoking twice keeps the first revocation."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id)
        if not actor.has_perm("api.revoke_token", token):
            raise PermissionDenied
        if token.revoked is None:
            token.revoked, token.revoked_by = timezone.now(), actor
            token.save(update_fields=["revoked", "revoked_by"])
    return token


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token_from_secret(secret: str) -> ApiToken | None:
    """The token this secret belongs to (whatever its state), or None."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    return token


def token_used(token: ApiToken) -> None:
    """Note the time of use, at most once a minute per token (a busy system would otherwise write every call)."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
