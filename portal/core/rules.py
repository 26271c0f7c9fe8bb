"""Role predicates (django-rules). Object-level predicates live beside the objects, in each app's rules.py."""

import rules

from .roles import Role


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return predicate


is_enterprise_user = _has_role(Role.ENTERPRISE)
is_park_official = _has_role(Role.OFFICIAL)
is_expert_reviewer = _has_role(Role.REVIEWER)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_park_staff = is_park_official | is_administrator

rules.add_perm("portal.view_park_workspace", is_park_staff)
rules.add_perm("portal.view_reviewer_workspace", is_expert_reviewer)
rules.add_perm("portal.view_enterprise_workspace", is_enterprise_user)
