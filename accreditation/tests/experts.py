"""Helpers of the expert-draw tests: experts with a profile in the pool."""

from accreditation.applications.models import ExpertProfile
from accreditation.tests.applications import user_with
from enterprises.models import Sector
from portal.core.roles import Role


def expert(name: str, *, sections=("C",), relations=(), **profile):
    """An expert reviewer named `name` with a profile (fields of expertise by section letter)."""
    user = user_with(Role.REVIEWER, full_name=name)
    made = ExpertProfile.objects.create(user=user, **profile)
    made.sections.set(Sector.objects.filter(code__in=sections))
    made.relations.set(relations)
    return user


def panel(count: int, *, prefix: str = "Expert", **profile) -> list:
    return [expert(f"{prefix} {index:02d}", **profile) for index in range(1, count + 1)]
