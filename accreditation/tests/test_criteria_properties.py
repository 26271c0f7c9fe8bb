"""Properties of the engine over generated enterprises (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from accreditation.criteria import NONE, VERSIONS, Award, Facts, Profile, YearFigures, assess
from accreditation.criteria.tiers import SPECIALIZED

AS_OF = dt.date(2026, 6, 1)
CJK = re.compile(r"[\u4e00-\u9fff]")

money = st.integers(min_value=0, max_value=2_000_000_000)
maybe = st.none().__or__  # maybe(strategy): the strategy, or None (unknown)


@st.composite
def year_figures(draw, year: int) -> YearFigures:
    revenue = draw(maybe(money))
    return YearFigures(
        year=year,
        revenue=revenue,
        main_business_revenue=draw(maybe(st.integers(0, revenue if revenue is not None else 2_000_000_000))),
        net_profit=draw(maybe(st.integers(-500_000_000, 500_000_000))),
        total_assets=draw(maybe(money)),
        total_liabilities=draw(maybe(money)),
        rd_expense=draw(maybe(st.integers(0, 200_000_000))),
        equity_financing=draw(maybe(st.integers(0, 200_000_000))),
    )


@st.composite
def profiles(draw) -> Profile:
    employees = draw(maybe(st.integers(0, 3000)))
    return Profile(
        niche_since=draw(maybe(st.integers(1990, 2030))),
        employees=employees,
        rd_employees=draw(maybe(st.integers(0, employees or 0))),
        sector=draw(maybe(st.sampled_from(("C3973", "I6513", "F5123", "D4411", "C")))),
        strategic_emerging=draw(maybe(st.booleans())),
        main_product_field=draw(maybe(st.sampled_from(("gap-filling", "foundation", "other")))),
        strategic_field=draw(maybe(st.sampled_from(("six-foundations", "ten-key-sectors", "cyber-power", NONE)))),
        key_chain_link=draw(maybe(st.booleans())),
        digital_level=draw(maybe(st.integers(1, 4))),
        core_business_on_it=draw(maybe(st.integers(0, 5))),
        quality_award=draw(maybe(st.booleans())),
        management_certificate=draw(maybe(st.booleans())),
        developed_market_certificate=draw(maybe(st.booleans())),
        own_brand=draw(maybe(st.booleans())),
        standards_drafted=draw(maybe(st.booleans())),
        rd_institution_level=draw(maybe(st.sampled_from(("national", "provincial", "municipal", "lower", NONE)))),
        rd_institution_kind=draw(maybe(st.sampled_from(("own", "joint")))),
        ip_class1_high_value=draw(maybe(st.integers(0, 3))),
        ip_class1_self_developed=draw(maybe(st.integers(0, 5))),
        ip_class1_other=draw(maybe(st.integers(0, 5))),
        ip_class2=draw(maybe(st.integers(0, 30))),
        ip_class1_in_use=draw(maybe(st.integers(0, 6))),
        awards=draw(
            maybe(
                st.lists(
                    st.builds(
                        Award,
                        st.sampled_from(("national", "provincial")),
                        maybe(st.integers(1, 10)),
                        maybe(st.integers(2018, 2026)),
                    ),
                    max_size=3,
                ).map(tuple)
            )
        ),
        maker_contest_group=draw(maybe(st.sampled_from(("top50", "top500", NONE)))),
        titles=draw(maybe(st.frozensets(st.sampled_from(("high-tech-enterprise", "ip-advantage"))))),
        national_market_share=draw(maybe(st.floats(0, 100))),
        national_market_rank=draw(maybe(st.integers(1, 20))),
        global_market_rank=draw(maybe(st.integers(1, 20))),
        compliance_ok=draw(maybe(st.booleans())),
        local_points=draw(maybe(st.integers(0, 15))),
        development_score=draw(maybe(st.integers(0, 100))),
        holds=draw(maybe(st.frozensets(st.sampled_from(("innovative", "specialized", "little-giant"))))),
        renewal=draw(st.booleans()),
    )


@st.composite
def enterprises(draw) -> Facts:
    years = draw(st.lists(st.sampled_from((2022, 2023, 2024, 2025)), unique=True, max_size=4))
    return Facts(draw(profiles()), tuple(draw(year_figures(year)) for year in years))


versions = st.sampled_from(tuple(VERSIONS))


@settings(max_examples=150, deadline=None)
@given(enterprises(), versions, st.integers(1, 50_000_000))
def test_more_rd_never_lowers_a_score(facts, version, more):
    last = max((f.year for f in facts.years), default=None)
    if last is None or next(f for f in facts.years if f.year == last).rd_expense is None:
        return
    richer = Facts(
        facts.profile,
        tuple(dataclasses.replace(f, rd_expense=f.rd_expense + more) if f.year == last else f for f in facts.years),
    )
    before, after = assess(facts, version=version, as_of=AS_OF), assess(richer, version=version, as_of=AS_OF)
    for code, tier in before.tiers.items():
        if tier.score is not None and after.tiers[code].score is not None:
            assert after.tiers[code].score >= tier.score, code
        for result in tier.criteria:
            if result.points is not None:
                assert after.tiers[code].criterion(result.code).points >= result.points, (code, result.code)


@settings(max_examples=100, deadline=None)
@given(enterprises(), versions, year_figures(2021), year_figures(2026))
def test_adding_a_year_never_crashes(facts, version, older, current):
    for extra in (older, current):
        if any(f.year == extra.year for f in facts.years):
            continue
        grown = Facts(facts.profile, (*facts.years, extra))
        result = assess(grown, version=version, as_of=AS_OF)
        assert set(result.tiers) == {"innovative", SPECIALIZED, "little-giant", "single-champion"}
        # The current year (2026) is never "last year" on 2026-06-01.
        assert result.last_year <= 2025


@settings(max_examples=100, deadline=None)
@given(enterprises(), versions)
def test_same_facts_give_the_same_assessment(facts, version):
    first, second = assess(facts, version=version, as_of=AS_OF), assess(facts, version=version, as_of=AS_OF)
    assert first == second
    assert [c.message for t in first.tiers.values() for c in t.criteria] == [
        c.message for t in second.tiers.values() for c in t.criteria
    ]


@settings(max_examples=100, deadline=None)
@given(enterprises(), versions)
def test_verdict_is_consistent_with_its_criteria(facts, version):
    for tier in assess(facts, version=version, as_of=AS_OF).tiers.values():
        required = [c for c in tier.criteria if c.kind == "required"]
        if any(c.passed is False for c in required):
            assert tier.eligible is False  # a computable failure decides
        if tier.eligible is None:
            assert tier.missing, tier.tier  # "cannot tell yet" always names what is missing
        if tier.eligible is not True:
            assert tier.route is None


@settings(max_examples=100, deadline=None)
@given(enterprises(), versions)
def test_every_message_exists_in_both_languages(facts, version):
    result = assess(facts, version=version, as_of=AS_OF)
    for tier in result.tiers.values():
        for criterion in tier.criteria:
            with translation.override("en"):
                english = criterion.message
            with translation.override("zh-hans"):
                chinese = criterion.message
            assert english and not CJK.search(english), (tier.tier, criterion.code, english)
            assert chinese != english, (tier.tier, criterion.code, english)
            assert CJK.search(chinese), (tier.tier, criterion.code, chinese)
