"""Builders for the criteria-engine tests: one strong baseline enterprise, changed one fact at a time.

The baseline, assessed on 2026-06-01 under miit-2022 (last year Y = 2025), meets every tier but single champion.
Worked by hand, its innovative score is 95:
  innovation 40 = IP (1 class-I high-value: 20) + R&D 6,000,000 / 100,000,000 = 6.0% (>= 5%: 20)
  growth 25     = main-business growth 90M / 80M - 1 = 12.5% (10-15%: 15)
                  + liabilities 80M / assets 200M = 40% (<= 55%: 10)
  specialization 30 = strategic emerging (yes: 10) + main business 90M / 100M = 90% (>= 70%: 20)
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from accreditation.criteria import NONE, Facts, Profile, YearFigures, assess

AS_OF = dt.date(2026, 6, 1)
Y = 2025

BASE_PROFILE = Profile(
    niche_since=2015,
    employees=200,
    rd_employees=40,
    sector="C3973",
    strategic_emerging=True,
    main_product_field="gap-filling",
    strategic_field="six-foundations",
    key_chain_link=True,
    digital_level=3,
    core_business_on_it=2,
    quality_award=False,
    management_certificate=True,
    developed_market_certificate=False,
    own_brand=True,
    standards_drafted=True,
    rd_institution_level="provincial",
    rd_institution_kind="own",
    ip_class1_high_value=1,
    ip_class1_self_developed=2,
    ip_class1_other=0,
    ip_class2=5,
    ip_class1_in_use=3,
    awards=(),
    maker_contest_group=NONE,
    titles=frozenset(),
    national_market_share=12.0,
    compliance_ok=True,
    local_points=10,
    development_score=70,
    holds=frozenset({"specialized"}),
    district_code="320571",
)
BASE_YEARS = (
    YearFigures(2025, 100_000_000, 90_000_000, 10_000_000, 200_000_000, 80_000_000, 6_000_000, 0),
    YearFigures(2024, 90_000_000, 80_000_000, 8_000_000, 180_000_000, 75_000_000, 5_400_000, 0),
    YearFigures(2023, 80_000_000, 70_000_000, 6_000_000, 160_000_000, 70_000_000, 4_800_000, 0),
)
BASE = Facts(BASE_PROFILE, BASE_YEARS)


def facts(base: Facts = BASE, years: dict[int, dict] | None = None, **profile) -> Facts:
    """The baseline with some profile fields and some yearly figures changed: facts(niche_since=2024,
    years={2025: {"rd_expense": 0}}). A year changed to None is dropped."""
    new_years = []
    for fig in base.years:
        changes = (years or {}).get(fig.year, {})
        if changes is None:
            continue
        new_years.append(dataclasses.replace(fig, **changes))
    return Facts(dataclasses.replace(base.profile, **profile), tuple(new_years))


def tier(f: Facts, code: str, version: str = "miit-2022", as_of: dt.date = AS_OF, **kw):
    return assess(f, version=version, as_of=as_of, **kw).tiers[code]


def criterion(f: Facts, tier_code: str, code: str, version: str = "miit-2022"):
    return tier(f, tier_code, version).criterion(code)


def test_baseline_meets_every_tier_but_single_champion():
    result = assess(BASE, version="miit-2022", as_of=AS_OF)
    assert result.last_year == Y
    verdicts = {code: (t.eligible, t.route) for code, t in result.tiers.items()}
    assert verdicts == {
        "innovative": (True, "score"),
        "specialized": (True, "score"),
        "little-giant": (True, "requirements"),
        "single-champion": (False, None),
    }
    assert result.tiers["innovative"].score == 95
    assert result.tiers["innovative"].subscores == {"innovation": 40, "growth": 25, "specialization": 30}


def test_decimal_money_gives_the_same_assessment_as_whole_yuan():
    # Money is integer yuan or Decimal (docs/domain.md 9). The database stores Decimal(18, 2), which the engine takes.
    from decimal import Decimal

    as_decimal = dataclasses.replace(
        BASE,
        years=tuple(
            YearFigures(
                **{
                    field.name: (Decimal(value) if isinstance(value, int) and field.name != "year" else value)
                    for field in dataclasses.fields(YearFigures)
                    for value in [getattr(year, field.name)]
                }
            )
            for year in BASE.years
        ),
    )

    decimal_result = assess(as_decimal, version="miit-2022", as_of=AS_OF)
    int_result = assess(BASE, version="miit-2022", as_of=AS_OF)

    for code, tier_result in int_result.tiers.items():
        other = decimal_result.tiers[code]
        assert (other.eligible, other.score) == (tier_result.eligible, tier_result.score)
        assert [c.message for c in other.criteria] == [c.message for c in tier_result.criteria]
