"""miit-2022 criteria: every band edge (a value on the edge gets the better band), direct routes, unknown data.

Figures are chosen so the edge is exact in yuan; the comment on each case is the hand calculation.
"""

from __future__ import annotations

import pytest

from accreditation.criteria import Award, assess
from accreditation.tests.test_criteria_support import AS_OF, facts, tier

# --- innovative: indicator bands -------------------------------------------------------------------------------
# Revenue of Y is 100,000,000, so 1% of revenue is 1,000,000.


@pytest.mark.parametrize(
    ("rd_expense", "points"),
    [
        (5_000_000, 20),  # 5.0%: on the edge, the better band
        (4_999_999, 15),  # 4.99999%
        (3_000_000, 15),
        (2_999_999, 10),
        (2_000_000, 10),
        (1_999_999, 5),
        (1_000_000, 5),
        (999_999, 0),
        (0, 0),
    ],
)
def test_innovative_rd_intensity_bands(rd_expense, points):
    result = tier(facts(years={2025: {"rd_expense": rd_expense}}), "innovative").criterion("rd-intensity")
    assert result.points == points


def test_innovative_rd_intensity_below_top_band_says_how_much_more():
    # 4.0% of 100,000,000; the 5% band needs 5,000,000, i.e. 1,000,000 more.
    result = tier(facts(years={2025: {"rd_expense": 4_000_000}}), "innovative").criterion("rd-intensity")
    assert result.actual == 4.0
    assert result.message == (
        "R&D expense as a share of revenue: 4.0%, 15 of 20 points; 5.0% earns 20 "
        "(CNY 1,000,000 more R&D on last year's revenue)"
    )


def test_percentages_are_shown_rounded_towards_failing():
    # 2.9999999% must not show as a 3.0% that seems to reach the band.
    result = tier(facts(years={2025: {"rd_expense": 2_999_999}}), "innovative").criterion("rd-intensity")
    assert result.actual == 2.9


@pytest.mark.parametrize(
    ("mbr_2025", "points"),
    [
        (92_000_000, 20),  # 92M / 80M = +15.0%
        (91_999_999, 15),
        (88_000_000, 15),  # +10%
        (87_999_999, 10),
        (84_000_000, 10),  # +5%
        (83_999_999, 5),
        (80_000_000, 5),  # 0%: the edge of the 0-5% band
        (79_999_999, 0),  # any decline
    ],
)
def test_innovative_growth_bands(mbr_2025, points):
    result = tier(facts(years={2025: {"main_business_revenue": mbr_2025}}), "innovative").criterion(
        "main-business-growth"
    )
    assert result.points == points


@pytest.mark.parametrize(
    ("liabilities", "points"),
    [
        (110_000_000, 10),  # 110M / 200M = 55.0%: a ceiling, on the edge is the better band
        (110_000_001, 5),
        (150_000_000, 5),  # 75%
        (150_000_001, 0),
    ],
)
def test_innovative_asset_liability_bands(liabilities, points):
    result = tier(facts(years={2025: {"total_liabilities": liabilities}}), "innovative").criterion(
        "asset-liability-ratio"
    )
    assert result.points == points


@pytest.mark.parametrize(
    ("mbr_2025", "points"),
    [(70_000_000, 20), (69_999_999, 15), (60_000_000, 15), (55_000_000, 10), (50_000_000, 5), (49_999_999, 0)],
)
def test_innovative_main_business_share_bands(mbr_2025, points):
    result = tier(facts(years={2025: {"main_business_revenue": mbr_2025}}), "innovative").criterion(
        "main-business-share"
    )
    assert result.points == points


@pytest.mark.parametrize(
    ("ip", "points"),
    [
        ({"ip_class1_high_value": 1}, 20),
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 1}, 15),
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 0, "ip_class1_other": 1}, 10),
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 0, "ip_class1_other": 0, "ip_class2": 1}, 5),
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 0, "ip_class1_other": 0, "ip_class2": 0}, 0),
    ],
)
def test_innovative_ip_bands(ip, points):
    assert tier(facts(**ip), "innovative").criterion("ip-main-product").points == points


def test_innovative_strategic_emerging_no_still_earns_five():
    assert tier(facts(strategic_emerging=False), "innovative").criterion("strategic-emerging").points == 5


# --- innovative: the verdict ------------------------------------------------------------------------------------

# A weak enterprise: IP class-II only (5), R&D 0.5% (0), growth -10% (0), liabilities 90% (0), not strategic (5),
# main business 45% (0): score 10, far below 60.
WEAK = {
    "ip_class1_high_value": 0,
    "ip_class1_self_developed": 0,
    "ip_class1_other": 0,
    "strategic_emerging": False,
    "rd_institution_level": "municipal",
    "years": {
        2025: {"rd_expense": 500_000, "main_business_revenue": 45_000_000, "total_liabilities": 180_000_000},
        2024: {"main_business_revenue": 50_000_000},
    },
}


def test_weak_enterprise_fails_the_innovative_score():
    result = tier(facts(**WEAK), "innovative")
    assert (result.eligible, result.route, result.score) == (False, None, 10)
    assert result.subscores == {"innovation": 5, "growth": 0, "specialization": 5}


@pytest.mark.parametrize(
    "direct",
    [
        {"awards": (Award("provincial", 7, 2024),)},  # any rank of a provincial award in the last 3 years
        {"titles": frozenset({"high-tech-enterprise"})},
        {"rd_institution_level": "provincial"},
        {"years": {2023: {"equity_financing": 5_000_000}}},  # exactly CNY 5M over Y-2..Y
    ],
)
def test_innovative_direct_conditions_each_suffice(direct):
    changes = {**WEAK, **{k: v for k, v in direct.items() if k != "years"}}
    changes["years"] = {**WEAK["years"], **direct.get("years", {})}
    result = tier(facts(**changes), "innovative")
    assert (result.eligible, result.route) == (True, "direct")


def test_an_award_older_than_three_years_is_no_direct_condition():
    result = tier(facts(**{**WEAK, "awards": (Award("national", 1, 2022),)}), "innovative")
    assert result.criterion("award").passed is False
    assert result.eligible is False


def test_score_needs_every_dimension_minimum():
    # Innovation 15 (< 20) although the total is 70: IP class-II (5) + R&D 2% (10); growth 25; specialization 30.
    f = facts(ip_class1_high_value=0, ip_class1_self_developed=0, years={2025: {"rd_expense": 2_000_000}})
    f = facts(f, ip_class1_other=0, rd_institution_level="municipal")  # and no direct condition
    result = tier(f, "innovative")
    assert result.subscores["innovation"] == 10 + 5
    assert result.score == 70
    assert result.eligible is False


def test_unknown_indicator_leaves_the_innovative_verdict_open_and_names_the_field():
    # IP unknown: innovation is 20 (R&D) to 40 and the total 75 to 95, so the score route passes whatever the IP.
    assert tier(facts(ip_class1_high_value=None), "innovative").eligible is True
    # A weak enterprise with unknown IP and R&D cannot reach 60 whatever they are: 5 + 0 + 5 + up to 40 = 50.
    f = facts(**{**WEAK, "ip_class2": None, "years": {2025: {**WEAK["years"][2025], "rd_expense": None}}})
    assert tier(f, "innovative").eligible is False
    # A middling one with unknown R&D could go either way: cannot tell yet, R&D named.
    # Class-II IP only (5): innovation is 5 to 25 against a minimum of 20, total 60 to 80.
    f = facts(years={2025: {"rd_expense": None}}, ip_class1_high_value=0, ip_class1_self_developed=0)
    result = tier(facts(f, rd_institution_level="municipal"), "innovative")
    assert (result.eligible, result.score) == (None, None)
    assert result.missing == ("years.2025.rd_expense",)


# --- specialized: the four conditions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "passed"),
    [
        ({"niche_since": 2023}, "niche-years", True),  # 2025 - 2023 = 2 years: the minimum
        ({"niche_since": 2024}, "niche-years", False),
        ({"years": {2025: {"rd_expense": 1_000_000, "revenue": 30_000_000}}}, "rd-expense", True),  # CNY 1M
        ({"years": {2025: {"rd_expense": 999_999}}}, "rd-expense", False),
        ({"years": {2025: {"rd_expense": 3_000_000}}}, "rd-intensity", True),  # 3.0% of 100M
        ({"years": {2025: {"rd_expense": 2_999_999}}}, "rd-intensity", False),
        ({"years": {2025: {"revenue": 10_000_000, "main_business_revenue": 9_000_000}}}, "revenue", True),
        ({"years": {2025: {"revenue": 9_999_999, "main_business_revenue": 9_000_000}}}, "revenue", False),
        (  # below CNY 10M revenue, but CNY 20M new equity over Y-1..Y
            {
                "years": {
                    2025: {"revenue": 9_000_000, "equity_financing": 15_000_000},
                    2024: {"equity_financing": 5_000_000},
                }
            },
            "revenue",
            True,
        ),
    ],
)
def test_specialized_conditions_at_their_edges(changes, code, passed):
    result = tier(facts(**changes), "specialized")
    assert result.criterion(code).passed is passed
    if passed is False:
        assert result.eligible is False


def test_specialized_failed_condition_says_what_is_lacking():
    result = tier(facts(years={2025: {"rd_expense": 2_500_000}}), "specialized").criterion("rd-intensity")
    # 3% of 100,000,000 is 3,000,000: 500,000 more.
    assert result.message == (
        "R&D was 2.5% of revenue in 2025, below 3.0%: CNY 500,000 more R&D was needed on that year's revenue"
    )


@pytest.mark.parametrize(
    ("changes", "code", "points"),
    [
        ({"niche_since": 2015}, "niche-tenure", 5),  # 10 years: 5 full 2-year spans
        ({"niche_since": 2016}, "niche-tenure", 4),  # 9 years
        ({"years": {2025: {"main_business_revenue": 80_000_000}}}, "main-business-share", 5),  # 80%
        ({"years": {2025: {"main_business_revenue": 79_999_999}}}, "main-business-share", 3),
        ({"years": {2025: {"main_business_revenue": 60_000_000}}}, "main-business-share", 1),
        ({"years": {2025: {"main_business_revenue": 59_999_999}}}, "main-business-share", 0),
        # 2-year average growth: 2024 -> 2025 and 2023 -> 2024 with MBR 2023 = 80M, 2024 = 88M (+10%):
        # 2025 = 96.8M is +10% again, average exactly 10%.
        ({"years": {2023: {"main_business_revenue": 80_000_000}, 2024: {"main_business_revenue": 88_000_000},
                    2025: {"main_business_revenue": 96_800_000}}}, "main-business-growth", 10),
        ({"years": {2023: {"main_business_revenue": 80_000_000}, 2024: {"main_business_revenue": 88_000_000},
                    2025: {"main_business_revenue": 96_799_999}}}, "main-business-growth", 8),
        ({"digital_level": 3}, "digital-level", 5),
        ({"digital_level": 2}, "digital-level", 3),
        ({"digital_level": 1}, "digital-level", 0),
        ({"quality_award": False, "management_certificate": True, "own_brand": False, "standards_drafted": False},
         "quality-management", 3),
        ({"quality_award": False, "management_certificate": True, "own_brand": True, "standards_drafted": False},
         "quality-management", 5),
        ({"years": {2025: {"net_profit": 10_000_000}}}, "net-margin", 10),  # 10% of 100M
        ({"years": {2025: {"net_profit": 9_999_999}}}, "net-margin", 8),
        ({"years": {2025: {"net_profit": 2_000_000}}}, "net-margin", 2),
        ({"years": {2025: {"net_profit": 1_999_999}}}, "net-margin", 0),
        ({"years": {2025: {"total_liabilities": 100_000_000}}}, "asset-liability-ratio", 5),  # 50% of 200M
        ({"years": {2025: {"total_liabilities": 100_000_001}}}, "asset-liability-ratio", 3),
        ({"years": {2025: {"total_liabilities": 140_000_000}}}, "asset-liability-ratio", 1),  # 70%
        ({"years": {2025: {"total_liabilities": 140_000_001}}}, "asset-liability-ratio", 0),
        ({"years": {2025: {"rd_expense": 5_000_000}}}, "rd-input", 10),  # CNY 5M (5%)
        ({"years": {2025: {"rd_expense": 4_999_999}}}, "rd-input", 8),
        ({"years": {2025: {"rd_expense": 1_000_000, "revenue": 10_000_000, "main_business_revenue": 9_000_000}}},
         "rd-input", 10),  # only CNY 1M but 10% of revenue
        ({"rd_employees": 40}, "rd-staff-share", 5),  # 40 / 200 = 20%
        ({"rd_employees": 39}, "rd-staff-share", 3),
        ({"rd_employees": 10}, "rd-staff-share", 1),  # 5%
        ({"rd_employees": 9}, "rd-staff-share", 0),
        ({"rd_institution_level": "national"}, "rd-institution", 10),
        ({"rd_institution_level": "municipal"}, "rd-institution", 4),
        ({"local_points": 20}, "local-indicators", 15),  # capped at the province's 15
    ],
)  # fmt: skip
def test_specialized_score_bands(changes, code, points):
    assert tier(facts(**changes), "specialized").criterion(code).points == points


def test_specialized_direct_route_when_the_score_is_short():
    # No local points and weak refinement keep the score under 60; a national award (rank 5) in 2023 suffices.
    low = {"local_points": 0, "digital_level": 1, "main_product_field": "other", "rd_institution_level": "lower",
           "management_certificate": False, "own_brand": False, "standards_drafted": False,
           "years": {2025: {"net_profit": 0, "total_liabilities": 150_000_000}}}  # fmt: skip
    assert tier(facts(**low), "specialized").eligible is False
    result = tier(facts(**low, awards=(Award("national", 5, 2023),)), "specialized")
    assert (result.eligible, result.route) == (True, "direct")


def test_specialized_unknown_required_figure_is_cannot_tell_and_a_failure_still_fails():
    result = tier(facts(years={2025: {"rd_expense": None}}), "specialized")
    assert result.eligible is None
    assert "years.2025.rd_expense" in result.missing
    # A computable required criterion that fails decides at once, whatever is unknown.
    result = tier(facts(niche_since=2025, years={2025: {"rd_expense": None}}), "specialized")
    assert (result.eligible, result.missing) == (False, ())


def test_missing_year_is_named():
    result = tier(facts(years={2023: None}), "specialized")
    assert result.criterion("main-business-growth").missing == ("years.2023",)


# --- little giant -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "passed"),
    [
        ({"holds": frozenset()}, "holds-specialized", False),
        ({"niche_since": 2022}, "niche-years", True),  # 3 years
        ({"niche_since": 2023}, "niche-years", False),
        ({"years": {2025: {"main_business_revenue": 70_000_000}}}, "main-business-share", True),
        ({"years": {2025: {"main_business_revenue": 69_999_999}}}, "main-business-share", False),
        ({"years": {2025: {"total_liabilities": 140_000_000}}}, "asset-liability-ratio", True),  # 70%
        ({"years": {2025: {"total_liabilities": 140_000_001}}}, "asset-liability-ratio", False),
        ({"national_market_share": 10.0}, "market-share", True),
        ({"national_market_share": 9.9}, "market-share", False),
        ({"core_business_on_it": 0}, "core-business-on-it", False),
        ({"management_certificate": False}, "certification", False),
        ({"strategic_field": "none"}, "strategic-field", False),
        # Average growth: 2023 -> 2024 +10% (80M -> 88M) and 2024 -> 2025 0% (88M): average 5.0%
        ({"years": {2023: {"main_business_revenue": 80_000_000}, 2024: {"main_business_revenue": 88_000_000},
                    2025: {"main_business_revenue": 88_000_000}}}, "main-business-growth", True),
        ({"years": {2023: {"main_business_revenue": 80_000_000}, 2024: {"main_business_revenue": 88_000_000},
                    2025: {"main_business_revenue": 87_999_999}}}, "main-business-growth", False),
    ],
)  # fmt: skip
def test_little_giant_requirements_at_their_edges(changes, code, passed):
    result = tier(facts(**changes), "little-giant")
    assert result.criterion(code).passed is passed
    if passed is False:
        assert result.eligible is False


@pytest.mark.parametrize(
    ("revenue", "rd_2025", "rd_2024", "passed"),
    [
        (100_000_000, 3_000_000, 2_700_000, True),  # >= CNY 100M: 3% in both years (2024 revenue is 90M)
        (100_000_000, 3_000_000, 2_699_999, False),
        (99_999_999, 3_000_000, 5_400_000, False),  # CNY 50-100M needs 6%: 3.0000...% fails
        (50_000_000, 3_000_000, 5_400_000, True),  # 6% of 50M, 6% of 90M
    ],
)
def test_little_giant_rd_intensity_by_revenue_bracket(revenue, rd_2025, rd_2024, passed):
    f = facts(years={2025: {"revenue": revenue, "main_business_revenue": 45_000_000, "rd_expense": rd_2025},
                     2024: {"rd_expense": rd_2024}})  # fmt: skip
    assert tier(f, "little-giant").criterion("rd-intensity-2y").passed is passed


def test_little_giant_direct_innovation_route():
    no_general = {"rd_institution_level": "none", "rd_institution_kind": None}
    assert tier(facts(**no_general), "little-giant").eligible is False
    result = tier(facts(**no_general, awards=(Award("national", 3, 2024),)), "little-giant")
    assert (result.eligible, result.route) == (True, "direct")
    result = tier(facts(**no_general, maker_contest_group="top50", maker_contest_year=2024), "little-giant")
    assert (result.eligible, result.route) == (True, "direct")
    # A top-500 place is a specialized direct condition, not a little-giant one.
    no_top50 = facts(**no_general, maker_contest_group="top500", maker_contest_year=2024)
    assert tier(no_top50, "little-giant").eligible is False
    # A contest result without a year cannot be counted yet (近三年: only the last 3 years count).
    undated = tier(facts(**no_general, maker_contest_group="top50"), "little-giant")
    assert (undated.eligible, undated.missing) == (None, ("profile.maker_contest",))


# 创客中国 results count in the last 3 years only: Y-2 (2023) through the evaluation year (2026); undated is unknown.
@pytest.mark.parametrize(
    ("tier_code", "group", "year", "passed"),
    [
        ("specialized", "top500", 2023, True),
        ("specialized", "top500", 2026, True),
        ("specialized", "top50", 2025, True),
        ("specialized", "top500", 2022, False),
        ("specialized", "top500", 2027, False),
        ("specialized", "top500", None, None),
        ("specialized", "none", None, False),
        ("specialized", None, None, None),
        ("little-giant", "top50", 2023, True),
        ("little-giant", "top50", 2022, False),
        ("little-giant", "top50", None, None),
        ("little-giant", "top500", 2025, False),
    ],
)
def test_maker_contest_counts_the_last_3_years(tier_code, group, year, passed):
    # miit-2026 has no contest route in its specialized and little-giant tiers.
    f = facts(maker_contest_group=group, maker_contest_year=year)
    assert tier(f, tier_code).criterion("maker-contest").passed is passed


@pytest.mark.parametrize("version", ["miit-2022", "miit-2026"])
@pytest.mark.parametrize(
    ("titles", "passed"),
    [
        (frozenset({"ip-demonstration"}), True),
        (frozenset({"ip-advantage"}), True),
        (frozenset({"high-tech-enterprise"}), True),
        (frozenset(), False),
        (None, None),
    ],
)
def test_innovative_direct_title_accepts_the_ip_demonstration_title(version, titles, passed):
    result = tier(facts(titles=titles), "innovative", version)
    assert result.criterion("title").passed is passed


@pytest.mark.parametrize("version", ["miit-2022", "miit-2026"])
def test_last_year_is_the_year_before_the_evaluation_and_no_earlier_year_stands_in(version):
    # On 2026-06-01 last year is 2025: with only 2024 and 2023 on record, what reads 2025 is unknown.
    f = facts(years={2025: None})
    result = assess(f, version=version, as_of=AS_OF)
    assert result.last_year == 2025
    specialized = result.tiers["specialized"]
    assert specialized.eligible is None
    assert "years.2025" in specialized.missing
    assert specialized.criterion("rd-intensity").message.startswith("Cannot tell yet: needs the 2025 figures")
    # One figure of 2025 missing is named as a person would.
    ratio = tier(facts(years={2025: {"total_assets": None}}), "specialized", version).criterion("asset-liability-ratio")
    assert "the 2025 total assets" in ratio.message
    assert "years.2025" not in ratio.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # No IP and R&D 1.5%: innovation 0 + 5 = 5 of the 20 needed; the total 70 - 35 = 60 still passes.
        ({"ip_class1_high_value": 0, "ip_class1_self_developed": 0, "ip_class2": 0,
          "years": {2025: {"rd_expense": 1_500_000}}},
         "Score route not met: innovation 5 of the 20 needed (15 points short)"),
        # Growth -1% (0) and liabilities 76% (0): growth 0 of 15, and the total 70 of 60 passes.
        ({"years": {2025: {"main_business_revenue": 79_200_000, "total_liabilities": 152_000_000}}},
         "Score route not met: growth 0 of the 15 needed (15 points short)"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("version", ["miit-2022", "miit-2026"])  # miit-2026 keeps the innovative scoring
def test_a_failed_score_route_says_which_minimum_it_missed_and_by_how_many_points(changes, message, version):
    result = tier(facts(**changes), "innovative", version)
    assert result.route != "score"
    assert result.criterion("score").message == message


@pytest.mark.parametrize("version", ["miit-2022", "miit-2026"])
def test_a_failed_score_total_says_by_how_many_points(version):
    f = facts(
        ip_class1_high_value=0,
        ip_class1_self_developed=1,
        strategic_emerging=False,
        rd_institution_level="municipal",  # no direct condition either
        years={2025: {"rd_expense": 3_000_000, "main_business_revenue": 60_000_000, "total_liabilities": 152_000_000}},
    )
    # innovation 15 + 15 = 30; growth: -25% (0) + 76% (0) = 0; specialization: no (5) + 60% (15) = 20; total 50.
    result = tier(f, "innovative", version)
    assert (result.eligible, result.score) == (False, 50)
    assert result.criterion("score").message == (
        "Score route not met: score 50 of the 60 needed (10 points short); growth 0 of the 15 needed (15 points short)"
    )


@pytest.mark.parametrize("version", ["miit-2022", "miit-2026"])
def test_a_score_that_unknown_indicators_could_still_carry_over_the_mark_is_cannot_tell(version):
    # Growth unknown (no 2024 figures): 40 + 10 (liabilities) + 30 = 80 known points, but the growth minimum of 15
    # is open (10 known, up to 30).
    result = tier(facts(years={2024: None}, rd_institution_level="municipal"), "innovative", version)
    assert result.eligible is None
    assert result.criterion("score").passed is None
    assert result.criterion("score").message == (
        "Cannot tell yet: the score is at least 80 and at most 100 of the 60 needed; needs the 2024 figures"
    )
