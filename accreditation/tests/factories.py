"""Factories of the accreditation app."""

import datetime

import factory

from accreditation.applications.models import DeclarationRound
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


class DeclarationRoundFactory(factory.django.DjangoModelFactory):
    """A round of `tier` for `year`: filing 25 April to 25 May, recommendation by 30 June (the 2026 windows)."""

    class Meta:
        model = DeclarationRound

    tier = factory.LazyFunction(lambda: tier("little-giant"))
    year = 2026
    filing_opens = factory.LazyAttribute(lambda round_: datetime.date(round_.year, 4, 25))
    filing_closes = factory.LazyAttribute(lambda round_: datetime.date(round_.year, 5, 25))
    prereview_deadline = factory.LazyAttribute(lambda round_: datetime.date(round_.year, 6, 15))
    recommendation_deadline = factory.LazyAttribute(lambda round_: datetime.date(round_.year, 6, 30))


def open_round(tier_or_code) -> DeclarationRound:
    """A standing round of the tier, open since long before the tests' dates and never closing: tests that start
    applications file inside it (the rule that filing needs an open round stays on)."""
    subject = tier(tier_or_code) if isinstance(tier_or_code, str) else tier_or_code
    existing = DeclarationRound.objects.filter(tier=subject, filing_closes__isnull=True).first()
    return existing or DeclarationRoundFactory(
        tier=subject,
        year=2000,
        filing_opens=datetime.date(2000, 1, 1),
        filing_closes=None,
        prereview_deadline=None,
        recommendation_deadline=None,
    )


def open_rounds() -> None:
    """A standing round for every tier."""
    for each in Tier.objects.all():
        open_round(each)
