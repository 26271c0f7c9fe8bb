"""Reference data that migrations load: role groups, GB/T 4754 sectors, tiers and the first park criteria,
and each tier's document checklist and review rubric.

Migrations load it once; `load_reference_data()` loads it again where a test flushed the database (browser
journeys run on a transactional database, which is emptied after each test).
"""

from django.contrib.auth.models import Group

from .core.roles import Role


def load_reference_data() -> None:
    from accreditation.applications.data import load_application_reference
    from accreditation.applications.models import DocumentRequirement, RubricCriterion
    from accreditation.authority_data import load_authorities
    from accreditation.models import Authority, ParkCriteria, Tier
    from accreditation.tier_data import load_tiers
    from enterprises.gbt4754 import load_sectors
    from enterprises.models import Sector

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    load_sectors(Sector)
    load_tiers(Tier, ParkCriteria)
    load_authorities(Authority)
    load_application_reference(Tier, DocumentRequirement, RubricCriterion)
