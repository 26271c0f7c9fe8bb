"""miit-2026 criteria, the version switch by date, and the park pool."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accreditation.criteria import Award, ParkThresholds, assess, version_in_force

from .test_criteria_support import BASE, facts, tier


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
        # No class-I IP: fails unless waived by a provincial R&D institution (the baseline has one).
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 0, "rd_institution_level": "municipal"},
         "class1-ip", False),
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 0}, "class1-ip", True),
    ],
)  # fmt: skip
def test_specialized_2026_rules_at_their_edges(changes, code, passed):
    assert tier(facts(**changes), "specialized", "miit-2026").criterion(code).passed is passed


def test_specialized_2026_market_share_is_for_reviewers_and_never_decides():
    result = tier(facts(national_market_share=None), "specialized", "miit-2026")
    assert result.criterion("market-share").passed is None
    assert result.eligible is True


# A little giant under 2026: R&D 7M + 6M = 13M over 2 years, at 7% and 6.7% of revenue.
GIANT_2026 = {"years": {2025: {"rd_expense": 7_000_000}, 2024: {"rd_expense": 6_000_000}}, "ip_class1_other": 1}


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
        # CAGR: MBR 2023 = 70M; 70M x 1.05^2 = 77,175,000 exactly.
        ({"years": {2025: {"main_business_revenue": 77_175_000, "revenue": 80_000_000}}}, "main-business-cagr", True),
        ({"years": {2025: {"main_business_revenue": 77_174_999, "revenue": 80_000_000}}}, "main-business-cagr", False),
        ({"years": {2025: {"main_business_revenue": 77_174_999, "revenue": 80_000_000}}, "renewal": True},
         "main-business-cagr", True),
        ({"ip_class1_other": 0}, "class1-ip", False),  # 3 < 4
        ({"ip_class1_other": 0, "awards": (Award("national", 3, 2025),)}, "class1-ip", True),  # waived
        ({"national_market_share": 5.0, "national_market_rank": 3}, "market-share", True),
        ({"national_market_share": 5.0, "national_market_rank": 4}, "market-share", False),
        ({"development_score": 60}, "development-score", True),
        ({"development_score": 59}, "development-score", False),
    ],
)  # fmt: skip
def test_little_giant_2026_rules_at_their_edges(changes, code, passed):
    years = {**GIANT_2026["years"]}
    for year, figures in changes.pop("years", {}).items():
        years[year] = {**years.get(year, {}), **figures}
    f = facts(**{**GIANT_2026, **changes, "years": years})
    result = tier(f, "little-giant", "miit-2026")
    assert result.criterion(code).passed is passed
    if code == "rd-expense-total":
        assert (result.eligible, result.route) == (True, "requirements")


def test_cagr_shortfall_message_names_the_gap():
    years = {**GIANT_2026["years"], 2025: {"rd_expense": 7_000_000, "main_business_revenue": 75_000_000}}
    f = facts(**{**GIANT_2026, "years": years})
    result = tier(f, "little-giant", "miit-2026").criterion("main-business-cagr")
    # sqrt(75M / 70M) - 1 = 3.5%; 77,175,000 needed: 2,175,000 more.
    assert result.message == (
        "2-year compound growth of main-business revenue: 3.5%, below 5.0%: last year's main-business revenue "
        "needed CNY 2,175,000 more"
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
