"""Who may do what with API tokens (django-rules)."""

import rules

from portal.core.rules import is_administrator


@rules.predicate
def is_token_owner(user, token) -> bool:
    return bool(token is not None and user and user.is_authenticated and token.user_id == user.pk)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


# Owners manage their own tokens; administrators may cut off any token (a leaked one, a departed employee's).
rules.add_perm("api.revoke_token", is_token_owner | is_administrator | is_superuser)
