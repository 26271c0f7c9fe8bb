"""The engine's facts built from what an enterprise declared: field by field, in a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation.criteria import NONE, Award, Facts, ParkThresholds, Profile, YearFigures
from accreditation.eligibility.facts import assess_enterprise, enterprise_facts, enterprise_facts_bulk, park_thresholds
from accreditation.models import AccreditationStatus, ParkCriteria
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import Award as AwardRecord
from enterprises.models import Brand, Certificate, RDInstitution, StandardDrafted, Title
from enterprises.tests.factories import (
    AnnualFiguresFactory,
    DevelopmentScoreFactory,
    EnterpriseFactory,
    IPItemFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 6, 1)  # last year Y = 2025


def figures(enterprise, year, **values):
    defaults = {
        "revenue": Decimal("150000000.00"),
        "main_business_revenue": Decimal("140000000.00"),
        "net_profit": Decimal("15000000.00"),
        "total_assets": Decimal("200000000.00"),
        "total_liabilities": Decimal("80000000.00"),
        "rd_expense": Decimal("6000000.00"),
        "equity_financing": Decimal("0.00"),
        "employees": 180,
        "rd_employees": 45,
    }
    return AnnualFiguresFactory(enterprise=enterprise, year=year, **(defaults | values))


def a_realistic_enterprise():
    """A chip-design firm of Suzhou Industrial Park with a bit of everything, some of it out of date on AS_OF."""
    enterprise = EnterpriseFactory(
        niche_since=2016,
        strategic_emerging=True,
        main_product_field="gap-filling",
        strategic_field="",  # declared: in none of the steering lists
        key_chain_link=True,
        digital_level=3,
        core_business_on_it=2,
        national_market_share=Decimal("12.50"),
        international_market_share=Decimal("4.00"),
        national_market_rank=2,
        compliance_ok=True,
    )
    # The score of the evaluation year (verified) and of the year before (rejected: not read); 2024 is too old.
    DevelopmentScoreFactory(enterprise=enterprise, year=2026, score=Decimal("70.50"), state="verified")
    DevelopmentScoreFactory(
        enterprise=enterprise, year=2025, score=Decimal("64.00"), state="rejected", reject_reason="x"
    )
    DevelopmentScoreFactory(enterprise=enterprise, year=2024, score=Decimal("90.00"))
    figures(enterprise, 2022, revenue=Decimal("190000000.00"))  # older than Y-2: not read
    figures(enterprise, 2023, main_business_revenue=Decimal("110000000.00"), rd_expense=Decimal("4000000.00"))
    figures(enterprise, 2024, main_business_revenue=Decimal("125000000.00"), rd_expense=Decimal("5000000.00"))
    # Cents are rounded half up to whole yuan; staff come from the latest year.
    figures(enterprise, 2025, revenue=Decimal("150000000.50"), employees=200, rd_employees=50)
    figures(enterprise, 2026, rd_expense=Decimal("1.00"))  # the year of AS_OF is not complete: not read

    # IP: class I is split into disjoint high-value / other self-developed / other; class II are the rest.
    IPItemFactory(enterprise=enterprise, type="invention-patent", high_value=True)  # high-value, in use
    IPItemFactory(enterprise=enterprise, type="invention-patent")  # self-developed, in use
    IPItemFactory(enterprise=enterprise, type="ic-layout", in_use=False)  # self-developed, not in use
    IPItemFactory(enterprise=enterprise, type="invention-patent", self_developed=False)  # other, in use
    IPItemFactory(enterprise=enterprise, type="invention-patent", tied_to_main_product=False)  # self-dev., untied
    IPItemFactory(enterprise=enterprise, type="utility-model")  # class II
    IPItemFactory(enterprise=enterprise, type="software-copyright")  # class II (2022 measures)

    Certificate.objects.create(enterprise=enterprise, kind="management-system", name="ISO 9001")
    Certificate.objects.create(
        enterprise=enterprise, kind="developed-market", name="CE", expires=dt.date(2025, 12, 31)
    )  # expired on AS_OF
    AwardRecord.objects.create(enterprise=enterprise, level="national", rank=2, year=2024, name="S&T progress")
    AwardRecord.objects.create(enterprise=enterprise, level="municipal", rank=1, year=2025, name="City prize")
    AwardRecord.objects.create(enterprise=enterprise, level="provincial", rank=1, year=2027, name="Future")
    RDInstitution.objects.create(enterprise=enterprise, level="municipal", kind="own", name="City lab")
    RDInstitution.objects.create(enterprise=enterprise, level="provincial", kind="joint", name="Jiangsu centre")
    Brand.objects.create(enterprise=enterprise, name="Xinpian", own=True)
    StandardDrafted.objects.create(enterprise=enterprise, level="group", name="LDO test method", year=2023)
    Title.objects.create(
        enterprise=enterprise, kind="high-tech-enterprise", year=2024, valid_until=dt.date(2027, 12, 1)
    )
    Title.objects.create(enterprise=enterprise, kind="ip-advantage", year=2021, valid_until=dt.date(2024, 12, 1))
    Title.objects.create(enterprise=enterprise, kind="maker-top500", year=2023)
    Title.objects.create(enterprise=enterprise, kind="maker-top50", year=2024)
    AccreditationFactory(
        enterprise=enterprise, tier=tier("specialized"), granted_on=dt.date(2024, 1, 1), valid_until=dt.date(2027, 1, 1)
    )
    AccreditationFactory(
        enterprise=enterprise,
        tier=tier("innovative"),
        granted_on=dt.date(2023, 1, 1),
        status=AccreditationStatus.REVOKED,
        revocation_reason="dishonesty",
    )
    return enterprise


def test_the_facts_of_a_realistic_enterprise_map_every_declaration():
    enterprise = a_realistic_enterprise()

    facts = enterprise_facts(enterprise, as_of=AS_OF)

    year = {
        "net_profit": 15_000_000,
        "total_assets": 200_000_000,
        "total_liabilities": 80_000_000,
        "equity_financing": 0,
    }
    assert facts == Facts(
        Profile(
            niche_since=2016,
            employees=200,  # 2025, the latest complete year
            rd_employees=50,
            sector="C3973",
            strategic_emerging=True,
            main_product_field="gap-filling",
            strategic_field=NONE,
            key_chain_link=True,
            digital_level=3,
            core_business_on_it=2,
            quality_award=False,
            management_certificate=True,
            developed_market_certificate=False,
            own_brand=True,
            standards_drafted=True,
            rd_institution_level="provincial",
            rd_institution_kind="joint",
            ip_class1_high_value=1,
            ip_class1_self_developed=3,  # the untied one counts as class-I too
            ip_class1_other=1,
            ip_class2=2,
            ip_class1_in_use=3,  # high-value, self-developed in use, transferred in use
            awards=(Award("national", 2, 2024),),
            maker_contest_group="top50",
            maker_contest_year=2024,
            titles=frozenset({"high-tech-enterprise"}),
            national_market_share=Decimal("12.50"),
            national_market_rank=2,
            international_market_share=Decimal("4.00"),
            compliance_ok=True,
            development_score=Decimal("70.5"),
            development_score_previous=None,
            holds=frozenset({"specialized"}),
            renewal=True,  # it holds the specialized title: judged for that tier, it is renewing it
            district_code="320571",
        ),
        (
            YearFigures(2025, revenue=150_000_001, main_business_revenue=140_000_000, rd_expense=6_000_000, **year),
            YearFigures(2024, revenue=150_000_000, main_business_revenue=125_000_000, rd_expense=5_000_000, **year),
            YearFigures(2023, revenue=150_000_000, main_business_revenue=110_000_000, rd_expense=4_000_000, **year),
        ),
    )


def test_an_enterprise_that_declared_nothing_is_unknown_where_it_must_be_and_holds_nothing_it_did_not_declare():
    enterprise = EnterpriseFactory(industry_code="", sector=None, niche_since=None)

    profile = enterprise_facts(enterprise, as_of=AS_OF).profile

    assert (profile.niche_since, profile.sector, profile.employees, profile.compliance_ok) == (None, None, None, None)
    assert (profile.main_product_field, profile.strategic_emerging, profile.development_score) == (None, None, None)
    assert (profile.ip_class1_high_value, profile.ip_class2, profile.awards, profile.titles) == (0, 0, (), frozenset())
    assert (profile.rd_institution_level, profile.maker_contest_group, profile.holds) == (NONE, NONE, frozenset())
    assert enterprise_facts(enterprise, as_of=AS_OF).years == ()


def test_bulk_facts_equal_single_facts_and_skip_unknown_ids():
    first, second = a_realistic_enterprise(), EnterpriseFactory()
    figures(second, 2025)

    bulk = enterprise_facts_bulk([first.pk, second.pk, 999_999], as_of=AS_OF)

    assert bulk == {
        first.pk: enterprise_facts(first, as_of=AS_OF),
        second.pk: enterprise_facts(second, as_of=AS_OF),
    }


def _queries_for(ids) -> int:
    with CaptureQueriesContext(connection) as queries:
        enterprise_facts_bulk(ids, as_of=AS_OF)
    return len(queries)


def test_bulk_facts_take_the_same_number_of_queries_for_1_or_30_enterprises():
    enterprises = [a_realistic_enterprise() for _ in range(30)]

    one = _queries_for([enterprises[0].pk])
    thirty = _queries_for([enterprise.pk for enterprise in enterprises])

    assert one == thirty
    assert len(enterprise_facts_bulk([e.pk for e in enterprises], as_of=AS_OF)) == 30


def test_park_thresholds_come_from_the_latest_version_and_record_it():
    ParkCriteria.objects.create(
        min_years_in_niche=3,
        min_rd_intensity=Decimal("3.50"),
        min_revenue=Decimal("20000000"),
        sme_required=False,
        allowed_district_codes="320571, 3205",
    )
    latest = ParkCriteria.objects.latest()

    assert park_thresholds() == ParkThresholds(
        min_years_in_niche=3,
        min_rd_intensity=Decimal("3.50"),
        min_revenue=20_000_000,
        sme_required=False,
        allowed_district_codes=frozenset({"320571", "3205"}),
        version=f"park-v{latest.version}",
    )
    first = ParkCriteria.objects.order_by("version").first()
    assert park_thresholds(first).version == f"park-v{first.version}"


def test_assess_enterprise_adds_the_park_pool_and_records_both_versions():
    enterprise = a_realistic_enterprise()

    assessment = assess_enterprise(enterprise, as_of=AS_OF, version="miit-2022")

    latest = ParkCriteria.objects.latest()
    assert list(assessment.tiers) == ["park-pool", "innovative", "specialized", "little-giant", "single-champion"]
    assert assessment.criteria_version == "miit-2022"
    assert assessment.last_year == 2025
    assert assessment.tiers["park-pool"].version == f"park-v{latest.version}"
    # 6,000,000 / 150,000,001 is just under 4.0%: shown rounded down, never better than it is.
    assert assessment.tiers["park-pool"].criterion("rd-intensity").actual == 3.9
    assert assessment.tiers["park-pool"].eligible is True
    # Holds a valid specialized accreditation, as the little-giant tier requires.
    assert assessment.tiers["little-giant"].criterion("holds-specialized").passed is True


def test_the_development_score_is_that_of_the_evaluation_year_declared_or_verified_and_last_years_counts_too():
    enterprise = EnterpriseFactory()
    DevelopmentScoreFactory(enterprise=enterprise, year=2025, score=Decimal("58.00"), state="verified")
    DevelopmentScoreFactory(enterprise=enterprise, year=2026, score=Decimal("62.50"))  # declared, not yet verified

    in_2026 = enterprise_facts(enterprise, as_of=dt.date(2026, 12, 3)).profile
    in_2027 = enterprise_facts(enterprise, as_of=dt.date(2027, 1, 10)).profile

    assert (in_2026.development_score, in_2026.development_score_previous) == (Decimal("62.5"), 58)
    # A new year: its own score is not declared yet, and 2026's becomes last year's.
    assert (in_2027.development_score, in_2027.development_score_previous) == (None, Decimal("62.5"))
    assert enterprise_facts_bulk([enterprise.pk], as_of=dt.date(2026, 12, 3))[enterprise.pk].profile == in_2026


def test_only_a_holder_of_a_specialized_or_little_giant_title_is_renewing():
    innovative_only, giant = EnterpriseFactory(), EnterpriseFactory()
    AccreditationFactory(enterprise=innovative_only, tier=tier("innovative"), granted_on=dt.date(2025, 1, 1))
    AccreditationFactory(enterprise=giant, tier=tier("little-giant"), granted_on=dt.date(2024, 1, 1))

    facts = enterprise_facts_bulk([innovative_only.pk, giant.pk], as_of=AS_OF)

    assert (facts[innovative_only.pk].profile.renewal, facts[giant.pk].profile.renewal) == (False, True)
