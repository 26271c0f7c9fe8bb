"""The engine's fast paths give the same values as the plain ones: prebuilt and memoised results,
the once-per-enterprise criteria, the band lookup inlined in `banded`, the fast dataclass constructors, the
derived figures the window computes once, and message arguments given by position."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal
from itertools import product

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from accreditation.criteria import VERSIONS, CriterionResult, Facts, ParkThresholds, YearFigures, assess
from accreditation.criteria import facts as F
from accreditation.criteria import miit_2022_specialized as specialized
from accreditation.criteria.bands import Bands
from accreditation.criteria.facts import YEAR_FIELDS, Window
from accreditation.criteria.messages import down1, up1
from accreditation.criteria.miit_2022 import INNOVATIVE_ASSET_LIABILITY, INNOVATIVE_GROWTH, INNOVATIVE_RD_INTENSITY
from accreditation.criteria.results import Assessment, TierAssessment, assessment, tier_assessment
from accreditation.criteria.rules import memo_by_int, memo_by_value
from accreditation.criteria.scoring import banded
from accreditation.tests.test_criteria_properties import enterprises
from accreditation.tests.test_criteria_support import AS_OF, BASE, facts


def test_fast_constructors_equal_the_dataclass_constructors():
    args = ("specialized", "miit-2022", None, None, 55, {"a": 1, "b": None}, (), ("profile.sector",))
    fast, plain = tier_assessment(*args), TierAssessment(*args)
    assert fast == plain and repr(fast) == repr(plain)
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.eligible = True
    tiers = {"specialized": fast}
    assert assessment("miit-2022", 2025, tiers) == Assessment("miit-2022", 2025, tiers)


@pytest.mark.parametrize("bands", [INNOVATIVE_RD_INTENSITY, INNOVATIVE_GROWTH, INNOVATIVE_ASSET_LIABILITY])
@pytest.mark.parametrize("value", [-3.0, 0.0, 0.99, 1.0, 2.5, 5.0, 14.99, 15.0, 55.0, 55.01, 75.0, 75.5, 99.0])
def test_banded_finds_the_band_lookup_finds(bands: Bands, value: float):
    points, step = bands.lookup(value)
    result = banded("x", "label", value, value, bands)
    assert result.points == points == bands.points(value)
    assert step == bands.next_step(value)
    assert (result.params.get("next_points"), result.params.get("next")) == (
        (None, None) if step is None else (step[1], float(step[0]))
    )


def test_memoised_results_never_leak_between_enterprises():
    old, new = facts(niche_since=2015, digital_level=1), facts(niche_since=2024, digital_level=3)
    first = assess(old, version="miit-2022", as_of=AS_OF)
    assess(new, version="miit-2022", as_of=AS_OF)
    again = assess(old, version="miit-2022", as_of=AS_OF)
    assert again == first
    assert first.tiers["specialized"].criterion("niche-years").actual == 10
    assert assess(new, version="miit-2022", as_of=AS_OF).tiers["specialized"].criterion("niche-years").actual == 1


def test_a_criterion_shared_by_tiers_is_the_same_result_in_each():
    result = assess(facts(sector="F5123"), version="miit-2022", as_of=AS_OF)  # sector not encoded: for reviewers
    sizes = [result.tiers[code].criterion("sme-size") for code in ("innovative", "specialized", "little-giant")]
    assert sizes[0].kind == "review" and sizes[0] == sizes[1] == sizes[2]
    # Another assessment of other facts computes it afresh.
    other = assess(BASE, version="miit-2022", as_of=AS_OF).tiers["innovative"].criterion("sme-size")
    assert other.kind == "required" and other.passed is True


def test_prebuilt_results_still_follow_the_facts():
    for ok in (True, False, None):
        tier = assess(facts(compliance_ok=ok), version="miit-2026", as_of=AS_OF).tiers["specialized"]
        assert tier.criterion("compliance").passed is ok
        assert tier.criterion("compliance").missing == (() if ok is not None else ("profile.compliance_ok",))


# --- the window's derived figures, computed once per assessment, for speed -------------------------------------


def _with_decimal_money(enterprise: Facts) -> Facts:
    return Facts(
        enterprise.profile,
        tuple(
            YearFigures(
                year.year,
                *(None if v is None else Decimal(v) + Decimal("0.5") for v in (getattr(year, n) for n in YEAR_FIELDS)),
            )
            for year in enterprise.years
        ),
    )


def _same(a, b) -> bool:
    """Equal and of the same type (a Decimal sum stays a Decimal, a percentage is a float)."""
    return a == b and type(a) is type(b)


@settings(max_examples=300, deadline=None)
@given(enterprises(), st.integers(2022, 2027), st.booleans())
def test_the_window_computes_the_helpers_figures(enterprise, as_of_year, decimal_money):
    if decimal_money:
        enterprise = _with_decimal_money(enterprise)
    w = Window(enterprise, as_of_year)

    by_year = {fig.year: fig for fig in enterprise.years if fig.year < as_of_year}  # the definition of "last year"
    assert w.year == as_of_year - 1  # never an earlier year on record (docs/domain.md section 9)
    assert w.figs == (by_year.get(w.year), by_year.get(w.year - 1), by_year.get(w.year - 2))

    y0, y1 = w.y0, w.y1
    expected = {
        "revenue0": None if y0 is None else y0.revenue,
        "rdi0": F.rd_intensity(y0),
        "share0": F.main_business_share(y0),
        "alr0": F.asset_liability_ratio(y0),
        "margin0": F.net_margin(y0),
        "rdi1": F.rd_intensity(y1),
        "growth0": F.growth(y0, y1),
        "avg_growth": F.average_growth_2y(w),
        "niche_years": F.years_in_niche(w),
        "staff_share": F.rd_staff_share(enterprise.profile),
    }
    for name, value in expected.items():
        assert _same(getattr(w, name), value), name
    for name, rounding in (("rdi0", down1), ("share0", down1), ("alr0", up1), ("margin0", down1)):
        value = getattr(w, name)
        assert _same(getattr(w, name + "_shown"), None if value is None else rounding(value)), name
    for name in ("growth0", "avg_growth", "staff_share"):
        value = getattr(w, name)
        assert _same(getattr(w, name + "_shown"), None if value is None else down1(value)), name
    for field in ("equity_financing", "rd_expense", "revenue"):
        for years in (1, 2, 3):
            total, complete = F.sum_last(w, field, years)
            other_total, other_complete = F.summed(field, years)(w)
            assert _same(other_total, total) and other_complete is complete, (field, years)


def test_a_year_given_twice_counts_as_given_last():
    first, second = YearFigures(2025, revenue=1), YearFigures(2025, revenue=2)
    w = Window(Facts(BASE.profile, (first, *BASE.years[1:], second)), 2026)
    assert w.y0 is second and w.revenue0 == 2


# --- message arguments by position ----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(enterprises(), st.sampled_from(tuple(VERSIONS)))
def test_message_arguments_name_every_placeholder(enterprise, version):
    park = ParkThresholds(2, Decimal("3"), 10_000_000, True, frozenset({"3205"}), "p")
    for tier in assess(enterprise, version=version, as_of=AS_OF, park=park).tiers.values():
        for result in tier.criteria:
            params = result.params
            assert isinstance(params, dict)
            assert set(result.msg.keys) <= set(params), (result.code, result.msg)
            if isinstance(result.args, tuple):
                assert len(result.args) == len(result.msg.keys), (result.code, result.msg)
                assert params == dict(zip(result.msg.keys, result.args, strict=True))
            with translation.override("en"):
                assert result.message == result.msg.render(params)


def test_a_result_is_built_copied_and_pickled_from_one_tuple_of_its_fields():
    tier = assess(facts(years={2025: {"rd_expense": 2_000_000}}), version="miit-2022", as_of=AS_OF).tiers["specialized"]
    result = tier.criterion("rd-intensity")
    assert result.passed is False and result.params["gap"] == 1_000_000  # 3% of 100M is 3M; 2M on record
    assert CriterionResult(tuple(result)) == result == CriterionResult._make(result)
    assert result._replace(passed=None).passed is None
    for copied in (copy.copy(result), copy.deepcopy(result), pickle.loads(pickle.dumps(result))):  # noqa: S301
        assert type(copied) is CriterionResult
        assert copied[:7] == result[:7] and copied.params == result.params
        with translation.override("en"):
            assert copied.message == result.message


# --- prebuilt and memoised results ----------------------------------------------------------------------------


def test_the_quality_table_judges_every_value_as_the_rule_does():
    values = (True, False, None, 1, 0, 1.0, "yes", "")
    for combination in product(values, repeat=4):
        w = Window(facts(**dict(zip(specialized.QUALITY_FIELDS, combination, strict=True))), 2026)
        assert specialized.quality_management(w) == specialized._quality(combination), combination


def test_memoised_results_keep_equal_values_of_other_types_apart():
    def build(value):
        return (value, type(value))

    by_int = memo_by_int(build)
    by_str = memo_by_value(build, (str,))
    assert [by_int(v) for v in (1, True, 1.0, 1)] == [(1, int), (True, bool), (1.0, float), (1, int)]
    assert by_str("top50") == ("top50", str) and by_str(None) == (None, type(None))


@settings(max_examples=300, deadline=None)
@given(
    enterprises(),
    st.sampled_from(tuple(VERSIONS)),
    st.sampled_from((None, "320571", "320505")),
    st.booleans(),
    st.integers(2022, 2027),
)
def test_verdicts_only_gives_every_tier_the_full_verdict(enterprise, version, district, sme_required, as_of_year):
    """The nightly run stores each tier's verdict, route, score and missing fields from an assessment that stops
    an unscored tier at its first failed requirement: they are those of the full assessment the pages show."""
    enterprise = dataclasses.replace(
        enterprise, profile=dataclasses.replace(enterprise.profile, district_code=district)
    )
    park = ParkThresholds(2, Decimal("3"), 10_000_000, sme_required, frozenset({"320571"}), "park-v1")
    as_of = AS_OF.replace(year=as_of_year)
    full = assess(enterprise, version=version, as_of=as_of, park=park)
    quick = assess(enterprise, version=version, as_of=as_of, park=park, verdicts_only=True)
    assert quick.tiers.keys() == full.tiers.keys()
    for code, tier in full.tiers.items():
        fast = quick.tiers[code]
        verdict = (tier.eligible, tier.route, tier.score, tier.subscores, tier.missing, tier.version)
        assert (fast.eligible, fast.route, fast.score, fast.subscores, fast.missing, fast.version) == verdict, code
        # What was computed is what the full assessment says of those criteria.
        assert fast.criteria == tier.criteria[: len(fast.criteria)], code
