"""miit-2026 criteria, the version switch by date, and the park pool."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accreditation.criteria import Award, ParkThresholds, assess, version_in_force
from accreditation.tests.test_criteria_support import BASE, facts, tier


def test_version_switches_on_1_april_2026():
    assert version_in_force(dt.date(2026, 3, 31)) == "miit-2022"
    assert version_in_force(dt.date(2026, 4, 1)) == "miit-2026"
    assert assess(BASE, as_of=dt.date(2026, 3, 31)).criteria_version == "miit-2022"
    assert assess(BASE, as_of=dt.date(2026, 4, 1)).criteria_version == "miit-2026"
    # Renewals of earlier batches can still be judged under the old version, and say so.
    old = assess(BASE, version="miit-2022", as_of=dt.date(2026, 6, 1))
    assert {t.version for t in old.tiers.values()} == {"miit-2022"}


def test_innovative_keeps_the_2022_scoring():
    old, new = tier(BASE, "innovative"), tier(BASE, "innovative", "miit-2026")
    assert (new.eligible, new.route, new.score, new.subscores) == (old.eligible, old.route, old.score, old.subscores)
    assert new.version == "miit-2026"


def test_baseline_under_2026():
    # Specialized: every rule met. Little giant: R&D 6.0M + 5.4M = 11.4M over 2 years < 12M, so it fails.
    assert tier(BASE, "specialized", "miit-2026").eligible is True
    result = tier(BASE, "little-giant", "miit-2026")
    assert result.eligible is False
    assert result.criterion("rd-expense-total").message == (
        "R&D expense over the last 2 years: CNY 11,400,000, below CNY 12,000,000: CNY 600,000 short"
    )


@pytest.mark.parametrize(
    ("changes", "code", "passed"),
    [
        ({"niche_since": 2022}, "niche-years", True),  # 3 years
        ({"niche_since": 2023}, "niche-years", False),
        ({"years": {2025: {"revenue": 15_000_000, "main_business_revenue": 13_500_000, "rd_expense": 1_000_000}}},
         "revenue", True),
        ({"years": {2025: {"revenue": 14_999_999, "main_business_revenue": 13_500_000}}}, "revenue", False),
        ({"years": {2025: {"main_business_revenue": 80_000_000}}}, "main-business-share", True),
        ({"years": {2025: {"main_business_revenue": 79_999_999}}}, "main-business-share", False),
        ({"years": {2025: {"total_liabilities": 160_000_000}}}, "asset-liability-ratio", True),  # 80%
        ({"years": {2025: {"total_liabilities": 160_000_001}}}, "asset-liability-ratio", False),
        ({"years": {2024: {"rd_expense": 2_700_000}}}, "rd-intensity", True),  # 3% of 2024's 90M
        ({"years": {2024: {"rd_expense": 2_699_999}}}, "rd-intensity", False),  # Y-1 counts too
        ({"years": {2024: {"rd_expense": 999_999}}}, "rd-expense", False),
        ({"development_score": 50}, "development-score", True),
        ({"development_score": 49.5}, "development-score", False),
        ({"development_score": None}, "development-score", None),
        # A renewal of a held specialized title takes the better score of the last 2 years.
        ({"development_score": 45, "development_score_previous": 50, "renewal": True}, "development-score", True),
        ({"development_score": 45, "development_score_previous": 49, "renewal": True}, "development-score", False),
        ({"development_score": 45, "development_score_previous": None, "renewal": True}, "development-score", None),
        ({"development_score": None, "development_score_previous": 50, "renewal": True}, "development-score", True),
        # ... but only when the title renewed is held: the previous year's score does not count otherwise.
        ({"development_score": 45, "development_score_previous": 50, "renewal": True,
          "holds": frozenset({"innovative"})}, "development-score", False),
        # Only class-I IP tied to the main product and in use counts (all other class-I IP is beside the point).
        ({"ip_class1_in_use": 1, "rd_institution_level": "municipal"}, "class1-ip", True),
        ({"ip_class1_in_use": 0, "rd_institution_level": "municipal"}, "class1-ip", False),
        ({"ip_class1_in_use": None, "rd_institution_level": "municipal"}, "class1-ip", None),
        ({"ip_class1_in_use": 0, "ip_class1_high_value": 5, "rd_institution_level": "municipal"}, "class1-ip", False),
        # The waiver: a provincial-or-higher R&D institution, or such an award (top 3) in the last 3 years.
        ({"ip_class1_in_use": 0}, "class1-ip", True),  # the baseline's provincial institution
        ({"ip_class1_in_use": 0, "rd_institution_level": "national"}, "class1-ip", True),
        ({"ip_class1_in_use": 0, "rd_institution_level": "municipal", "awards": (Award("provincial", 3, 2023),)},
         "class1-ip", True),
        ({"ip_class1_in_use": 0, "rd_institution_level": "municipal", "awards": (Award("national", 3, 2026),)},
         "class1-ip", True),
        ({"ip_class1_in_use": 0, "rd_institution_level": "municipal", "awards": (Award("provincial", 4, 2025),)},
         "class1-ip", False),
        ({"ip_class1_in_use": 0, "rd_institution_level": "municipal", "awards": (Award("provincial", 1, 2022),)},
         "class1-ip", False),  # older than Y-2
        ({"ip_class1_in_use": 0, "rd_institution_level": "municipal", "awards": (Award("provincial", 1, None),)},
         "class1-ip", None),  # a result without a year is unknown
        # The prerequisite: a tier-1 title held, or a renewal of a specialized or little-giant title held.
        ({"holds": frozenset({"innovative"})}, "holds-tier-1", True),
        ({"holds": frozenset({"little-giant"})}, "holds-tier-1", True),
        ({"holds": frozenset()}, "holds-tier-1", False),
        ({"holds": frozenset({"park-pool"})}, "holds-tier-1", False),
        ({"holds": None}, "holds-tier-1", None),
    ],
)  # fmt: skip
def test_specialized_2026_rules_at_their_edges(changes, code, passed):
    assert tier(facts(**changes), "specialized", "miit-2026").criterion(code).passed is passed


def test_specialized_2026_market_share_is_for_reviewers_and_never_decides():
    result = tier(facts(national_market_share=None), "specialized", "miit-2026")
    assert result.criterion("market-share").passed is None
    assert result.eligible is True


# A little giant under 2026: R&D 7M + 6M = 13M over 2 years, at 7% and 6.7% of revenue; 4 class-I IP in use.
GIANT_2026 = {"years": {2025: {"rd_expense": 7_000_000}, 2024: {"rd_expense": 6_000_000}}, "ip_class1_in_use": 4}


@pytest.mark.parametrize(
    ("changes", "code", "passed"),
    [
        ({}, "rd-expense-total", True),
        ({"holds": frozenset({"innovative"})}, "holds-specialized", False),
        ({"years": {2025: {"revenue": 50_000_000, "main_business_revenue": 45_000_000}}}, "revenue", True),
        ({"years": {2025: {"revenue": 49_999_999, "main_business_revenue": 45_000_000}}}, "revenue", False),
        ({"years": {2025: {"main_business_revenue": 90_000_000}}}, "main-business-share", True),
        ({"years": {2025: {"main_business_revenue": 89_999_999}}}, "main-business-share", False),
        ({"years": {2025: {"total_liabilities": 150_000_000}}}, "asset-liability-ratio", True),  # 75%
        ({"years": {2025: {"total_liabilities": 150_000_001}}}, "asset-liability-ratio", False),
        # CAGR of revenue (not main-business revenue): revenue 2023 = 80M; 80M x 1.05^2 = 88,200,000 exactly.
        ({"years": {2025: {"revenue": 88_200_000, "main_business_revenue": 80_000_000}}}, "revenue-cagr", True),
        ({"years": {2025: {"revenue": 88_199_999, "main_business_revenue": 80_000_000}}}, "revenue-cagr", False),
        ({"years": {2023: {"revenue": None}}}, "revenue-cagr", None),
        ({"years": {2023: None}}, "revenue-cagr", None),
        # ... not tested on a renewal of a held little-giant title.
        ({"years": {2025: {"revenue": 88_199_999, "main_business_revenue": 80_000_000}}, "renewal": True,
          "holds": frozenset({"specialized", "little-giant"})}, "revenue-cagr", True),
        ({"years": {2025: {"revenue": 88_199_999, "main_business_revenue": 80_000_000}}, "renewal": True},
         "revenue-cagr", False),  # a renewal of the specialized title is no renewal of the little giant
        # Class-I IP in use: 4, waived by a national award (top 3) in the last 3 years.
        ({"ip_class1_in_use": 3}, "class1-ip", False),
        ({"ip_class1_in_use": 3, "ip_class1_high_value": 9}, "class1-ip", False),
        ({"ip_class1_in_use": 3, "awards": (Award("national", 3, 2025),)}, "class1-ip", True),
        ({"ip_class1_in_use": 3, "awards": (Award("provincial", 1, 2025),)}, "class1-ip", False),
        ({"ip_class1_in_use": None}, "class1-ip", None),
        # Market: domestic or international share >= 10%, or domestic top 3.
        ({"national_market_share": 10.0}, "market-share", True),
        ({"national_market_share": 5.0, "national_market_rank": 3}, "market-share", True),
        ({"national_market_share": 5.0, "national_market_rank": 4, "international_market_share": 10}, "market-share",
         True),
        ({"national_market_share": 5.0, "national_market_rank": 4, "international_market_share": 9.9},
         "market-share", False),
        ({"national_market_share": 9.9, "national_market_rank": None, "international_market_share": 9.9},
         "market-share", None),
        # The main product in the six foundations, or a key link of an industrial chain.
        ({"strategic_field": "ten-key-sectors", "key_chain_link": True}, "main-product-field", True),
        ({"strategic_field": "six-foundations", "key_chain_link": False}, "main-product-field", True),
        ({"strategic_field": "ten-key-sectors", "key_chain_link": False}, "main-product-field", False),
        ({"strategic_field": "cyber-power", "key_chain_link": None}, "main-product-field", None),
        # Closed to a single champion.
        ({"holds": frozenset({"specialized", "single-champion"})}, "not-single-champion", False),
        ({"holds": frozenset({"specialized"})}, "not-single-champion", True),
        ({"development_score": 60}, "development-score", True),
        ({"development_score": 59}, "development-score", False),
        ({"development_score": 59, "development_score_previous": 60, "renewal": True,
          "holds": frozenset({"specialized", "little-giant"})}, "development-score", True),
        ({"development_score": 59, "development_score_previous": 60}, "development-score", False),
    ],
)  # fmt: skip
def test_little_giant_2026_rules_at_their_edges(changes, code, passed):
    years = {**GIANT_2026["years"]}
    for year, figures in changes.pop("years", {}).items():
        years[year] = None if figures is None else {**years.get(year, {}), **figures}
    f = facts(**{**GIANT_2026, **changes, "years": years})
    result = tier(f, "little-giant", "miit-2026")
    assert result.criterion(code).passed is passed
    if code == "rd-expense-total":
        assert (result.eligible, result.route) == (True, "requirements")


def test_cagr_shortfall_message_names_the_gap():
    years = {**GIANT_2026["years"], 2025: {"rd_expense": 7_000_000, "revenue": 85_000_000}}
    f = facts(**{**GIANT_2026, "years": years})
    result = tier(f, "little-giant", "miit-2026").criterion("revenue-cagr")
    # sqrt(85M / 80M) - 1 = 3.0%; 88,200,000 needed: 3,200,000 more.
    assert result.message == (
        "2-year compound growth of revenue: 3.0%, below 5.0%: last year's revenue needed CNY 3,200,000 more"
    )


def test_a_missing_development_score_is_named_with_its_year():
    result = tier(facts(development_score=None), "specialized", "miit-2026")
    assert (result.eligible, result.missing) == (None, ("profile.development_score",))
    assert result.criterion("development-score").message == (
        "Cannot tell yet: needs the development evaluation score of 2026"
    )


def test_a_failed_development_score_says_by_how_many_points():
    result = tier(facts(development_score=47), "specialized", "miit-2026").criterion("development-score")
    assert result.message == "Development evaluation score of 2026: 47, below 50: 3 points short"


def test_little_giant_2026_market_message_names_every_declared_fact():
    f = facts(
        **{**GIANT_2026, "national_market_share": 5.0, "national_market_rank": 4, "international_market_share": 2}
    )
    assert tier(f, "little-giant", "miit-2026").criterion("market-share").message == (
        "Market position of the main product: domestic share 5.0%, international share 2.0%, domestic rank 4; the "
        "little giant needs a domestic or international share of 10.0% or a domestic top-3 place"
    )


# --- the park pool --------------------------------------------------------------------------------------------

PARK = ParkThresholds(
    min_years_in_niche=3,
    min_rd_intensity=Decimal("3.5"),
    min_revenue=20_000_000,
    sme_required=True,
    allowed_district_codes=frozenset({"320571", "320506"}),
    version="sip-2024",
)


@pytest.mark.parametrize(
    ("changes", "code", "passed"),
    [
        ({"years": {2025: {"rd_expense": 3_500_000}}}, "rd-intensity", True),  # 3.5% of 100M
        ({"years": {2025: {"rd_expense": 3_499_999}}}, "rd-intensity", False),
        ({"years": {2025: {"revenue": 20_000_000, "main_business_revenue": 18_000_000, "rd_expense": 1_000_000}}},
         "revenue", True),
        ({"years": {2025: {"revenue": 19_999_999, "main_business_revenue": 18_000_000}}}, "revenue", False),
        ({"district_code": "310115"}, "district", False),
        ({"district_code": None}, "district", None),
        ({"employees": 1000, "years": {2025: {"revenue": 400_000_000, "main_business_revenue": 360_000_000}}},
         "sme-size", False),  # large on both counts
        ({"employees": 1000}, "sme-size", True),  # large staff but revenue under CNY 400M
    ],
)  # fmt: skip
def test_park_pool_thresholds(changes, code, passed):
    result = assess(facts(**changes), as_of=dt.date(2026, 6, 1), park=PARK).tiers["park-pool"]
    assert result.criterion(code).passed is passed
    assert result.version == "sip-2024"


def test_park_pool_without_district_restriction_and_without_sme_rule():
    park = ParkThresholds(2, Decimal(3), 10_000_000, False, frozenset(), "open")
    result = assess(facts(district_code=None, employees=5000), as_of=dt.date(2026, 6, 1), park=park)
    codes = [c.code for c in result.tiers["park-pool"].criteria]
    assert "sme-size" not in codes
    assert result.tiers["park-pool"].eligible is True
