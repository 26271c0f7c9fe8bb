"""The engine's fast paths (issue 4) give the same values as the plain ones: prebuilt and memoised results,
the once-per-enterprise criteria, the band lookup inlined in `banded`, and the fast dataclass constructors."""

from __future__ import annotations

import dataclasses

import pytest

from accreditation.criteria import assess
from accreditation.criteria.bands import Bands
from accreditation.criteria.miit_2022 import INNOVATIVE_ASSET_LIABILITY, INNOVATIVE_GROWTH, INNOVATIVE_RD_INTENSITY
from accreditation.criteria.results import Assessment, TierAssessment, assessment, tier_assessment
from accreditation.criteria.scoring import banded

from .test_criteria_support import AS_OF, BASE, facts


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
