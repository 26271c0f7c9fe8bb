"""Template context shared by every page: which roles the signed-in user holds, for the navigation."""

from .roles import Role


def roles(request) -> dict:
    user = getattr(request, "user", None)
    held = {role.name.lower(): bool(user and user.is_authenticated and user.has_role(role)) for role in Role}
    return {"roles": held}
