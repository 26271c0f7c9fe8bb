"""Factories of the accreditation app."""

import datetime

import factory

from accreditation.models import Accreditation, AccreditationSource, AccreditationStatus, Tier
from accreditation.services import authority_named
from enterprises.tests.factories import EnterpriseFactory


def tier(code: str) -> Tier:
    return Tier.objects.get(code=code)


class AccreditationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accreditation

    enterprise = factory.SubFactory(EnterpriseFactory)
    tier = factory.LazyFunction(lambda: tier("specialized"))
    authority = "Jiangsu Department of Industry and Information Technology"
    # Linked as the portal's own paths link it (grants, imports, the migration of older records).
    granting_authority = factory.LazyAttribute(lambda record: authority_named(record.authority))
    batch = "Jiangsu 2024"
    granted_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=365))
    valid_until = factory.LazyAttribute(
        lambda record: Accreditation.default_valid_until(record.tier, record.granted_on)
    )
    status = AccreditationStatus.ACTIVE
    source = AccreditationSource.MANUAL
