"""Factories of the enterprises app: valid Suzhou USCCs and internally consistent yearly figures."""

from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from enterprises.models import (
    AnnualFigures,
    ClaimProof,
    DevelopmentScore,
    Enterprise,
    IPItem,
    IPType,
    Membership,
    MembershipStatus,
    ProofKind,
    Sector,
)
from enterprises.services import facts_written
from enterprises.validators import uscc_check_character
from portal.tests.factories import UserFactory


def yuan(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"))


def suzhou_uscc(n: int, district: str = "320571") -> str:
    """A valid code of a Suzhou enterprise: authority 9, category 1, district, a 9-digit organisation code."""
    first17 = f"91{district}{n:09d}"
    return first17 + uscc_check_character(first17)


class FactsFactory(factory.django.DjangoModelFactory):
    """Facts a factory writes are followed as a service's are (`facts_written`: the stored summary of the figures
    and the re-evaluation), so a test's world looks as the portal's pages would have left it."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if not create:
            return
        if isinstance(instance, Enterprise):
            facts_written(instance.pk, instance)
        else:
            cached = type(instance).enterprise.is_cached(instance)
            facts_written(instance.enterprise_id, instance.enterprise if cached else None)


class EnterpriseFactory(FactsFactory):
    class Meta:
        model = Enterprise
        django_get_or_create = ("uscc",)

    uscc = factory.Sequence(lambda n: suzhou_uscc(n + 100_000))
    name_zh = factory.Sequence(lambda n: f"苏州测试{n}科技有限公司")
    name_en = factory.Sequence(lambda n: f"Suzhou Test {n} Technology Co., Ltd.")
    district = "320571"
    industry_code = "C3973"
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="39"))
    niche_market = "Power management chips"
    niche_since = 2016


class AnnualFiguresFactory(FactsFactory):
    """A healthy small manufacturer: every figure within the ones it is part of."""

    class Meta:
        model = AnnualFigures

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2024
    revenue = Decimal("150000000.00")
    main_business_revenue = factory.LazyAttribute(lambda o: yuan(o.revenue * Decimal("0.9")))
    main_business_cost = factory.LazyAttribute(lambda o: yuan(o.main_business_revenue * Decimal("0.6")))
    total_profit = factory.LazyAttribute(lambda o: yuan(o.revenue * Decimal("0.12")))
    net_profit = factory.LazyAttribute(lambda o: yuan(o.total_profit * Decimal("0.85")))
    total_assets = factory.LazyAttribute(lambda o: yuan(o.revenue * Decimal("1.3")))
    total_liabilities = factory.LazyAttribute(lambda o: yuan(o.total_assets * Decimal("0.4")))
    taxes = factory.LazyAttribute(lambda o: yuan(o.revenue * Decimal("0.05")))
    exports = factory.LazyAttribute(lambda o: yuan(o.revenue * Decimal("0.2")))
    employees = 180
    rd_employees = 45
    rd_expense = factory.LazyAttribute(lambda o: yuan(o.revenue * Decimal("0.05")))
    equity_financing = Decimal("0.00")


class IPItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IPItem

    enterprise = factory.SubFactory(EnterpriseFactory)
    type = IPType.INVENTION_PATENT
    number = factory.Sequence(lambda n: f"ZL2020{n:07d}.1")
    title = "Low-dropout regulator"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    status = MembershipStatus.PENDING


PLATFORM_PAGE = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% the platform's score page\n%%EOF\n"


class DevelopmentScoreFactory(FactsFactory):
    """A score declared with the platform's page as evidence, not yet verified."""

    class Meta:
        model = DevelopmentScore

    enterprise = factory.SubFactory(EnterpriseFactory)
    year = 2026
    score = Decimal("62.5")
    evidence = factory.LazyFunction(lambda: ContentFile(PLATFORM_PAGE, name="score.pdf"))
    evidence_name = "score.pdf"
    declared_at = factory.LazyFunction(timezone.now)


class ClaimProofFactory(factory.django.DjangoModelFactory):
    """A business licence attached to a claim (a real PDF header)."""

    class Meta:
        model = ClaimProof

    membership = factory.SubFactory(MembershipFactory)
    kind = ProofKind.BUSINESS_LICENCE
    file = factory.django.FileField(filename="licence.pdf", data=b"%PDF-1.7\n%%EOF\n")
    original_name = "licence.pdf"
    size = 14


__all__ = [
    "AnnualFiguresFactory",
    "ClaimProofFactory",
    "DevelopmentScoreFactory",
    "EnterpriseFactory",
    "IPItemFactory",
    "MembershipFactory",
    "suzhou_uscc",
]
