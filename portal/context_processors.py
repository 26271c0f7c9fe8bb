"""Template context shared by every page: which roles the signed-in user holds, and whether they owe the second
factor, for the navigation."""

from .core.roles import Role
from .twofactor import second_factor_required


def roles(request) -> dict:
    user = getattr(request, "user", None)
    held = {role.name.lower(): bool(user and user.is_authenticated and user.has_role(role)) for role in Role}
    return {"roles": held}


def second_factor(request) -> dict:
    """Whether the signed-in user must use a second factor, and whether this session still owes it (then the
    navigation offers nothing but signing out)."""
    user = getattr(request, "user", None)
    required = bool(user and user.is_authenticated and second_factor_required(user))
    verified = required and getattr(user, "is_verified", lambda: False)()
    return {"second_factor": {"required": required, "pending": required and not verified}}
