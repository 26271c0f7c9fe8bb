"""The what-if form's last-year development score and renewal flag: what the form offers to whom, and what the
engine makes of them at the band edges (docs/domain.md section 4: specialized >= 50, little giant >= 60; a renewal
takes the better score of the last 2 years) and with unknown scores."""

from __future__ import annotations

import pytest
from django.utils import translation

from accreditation.criteria import assess
from accreditation.eligibility.what_if import WhatIfForm
from accreditation.tests.test_criteria_support import AS_OF, Y, facts

UNDECLARED = facts(development_score=None, development_score_previous=None, renewal=False, holds=frozenset())


def holding(*tiers: str, renewal: bool = True):
    return facts(development_score=None, development_score_previous=None, holds=frozenset(tiers), renewal=renewal)


def score_criterion(form: WhatIfForm, tier: str):
    assert form.is_valid(), form.errors
    return assess(form.changed_facts(), version="miit-2026", as_of=AS_OF).tiers[tier].criterion("development-score")


# (declared, posted, tier, passed): blank fields keep what is declared (here: no score at all, unknown).
CASES = [
    # A first application: only this year's score counts, at the edge of each band.
    pytest.param(UNDECLARED, {"development_score": "49.99"}, "specialized", False, id="first-below-50"),
    pytest.param(UNDECLARED, {"development_score": "50"}, "specialized", True, id="first-at-50"),
    pytest.param(UNDECLARED, {}, "specialized", None, id="first-unknown"),
    pytest.param(UNDECLARED, {"development_score": "59.99"}, "little-giant", False, id="giant-first-below-60"),
    pytest.param(UNDECLARED, {"development_score": "60"}, "little-giant", True, id="giant-first-at-60"),
    # A renewal of the specialized title: the better of the 2 years.
    pytest.param(
        holding("specialized"),
        {"development_score": "40", "development_score_previous": "50"},
        "specialized",
        True,
        id="renewal-last-year-at-50-counts",
    ),
    pytest.param(
        holding("specialized"),
        {"development_score": "49.99", "development_score_previous": "49.99"},
        "specialized",
        False,
        id="renewal-both-below-50",
    ),
    pytest.param(
        holding("specialized"), {"development_score_previous": "50"}, "specialized", True, id="renewal-one-known-passes"
    ),
    pytest.param(
        holding("specialized"),
        {"development_score_previous": "49"},
        "specialized",
        None,
        id="renewal-one-known-below-the-other-unknown",
    ),
    pytest.param(
        holding("specialized"),
        {"development_score": "40", "development_score_previous": "60", "renewal": "no"},
        "specialized",
        False,
        id="renewal-turned-off-reads-this-year-only",
    ),
    pytest.param(
        holding("specialized", renewal=False),
        {"development_score": "40", "development_score_previous": "60", "renewal": "yes"},
        "specialized",
        True,
        id="renewal-turned-on",
    ),
    # The little giant at its band edge on a renewal of it ...
    pytest.param(
        holding("specialized", "little-giant"),
        {"development_score": "59.99", "development_score_previous": "60"},
        "little-giant",
        True,
        id="giant-renewal-at-60",
    ),
    # ... and a renewal applies only to the titles held: a first little-giant application reads this year's.
    pytest.param(
        holding("specialized"),
        {"development_score": "55", "development_score_previous": "70"},
        "little-giant",
        False,
        id="renewal-does-not-reach-a-tier-not-held",
    ),
]


@pytest.mark.parametrize(("declared", "posted", "tier", "passed"), CASES)
def test_what_if_scores_and_renewal(declared, posted, tier, passed):
    result = score_criterion(WhatIfForm(posted, declared=declared, year=Y), tier)
    assert result.passed is passed


def test_unknown_scores_are_named_with_their_years_on_a_renewal():
    result = score_criterion(
        WhatIfForm({"development_score": "45"}, declared=holding("specialized"), year=Y), "specialized"
    )
    assert result.passed is None
    assert result.missing == ("profile.development_score_previous",)
    assert result.message == f"Cannot tell yet: needs the development evaluation score of {Y}"


def test_last_years_score_and_renewal_are_offered_only_where_a_renewal_applies():
    assert {"development_score_previous", "renewal"} <= set(WhatIfForm(declared=holding("specialized"), year=Y).fields)
    plain = WhatIfForm(declared=UNDECLARED, year=Y)
    assert "development_score_previous" not in plain.fields
    assert "renewal" not in plain.fields
    # An innovative title is not renewed under these rules' score (docs/domain.md section 4): nothing to offer either.
    assert "renewal" not in WhatIfForm(declared=holding("innovative"), year=Y).fields


def test_the_score_fields_name_their_years_and_keep_what_is_declared():
    declared = facts(
        development_score=58, development_score_previous=61.5, holds=frozenset({"specialized"}), renewal=True
    )
    form = WhatIfForm(declared=declared, year=Y)
    with translation.override("en"):
        assert str(form.fields["development_score"].label) == f"Development evaluation score of {Y + 1} (0-100)"
        assert str(form.fields["development_score_previous"].label).startswith(f"Development evaluation score of {Y} ")
    assert form.initial["development_score_previous"] == 61.5
    assert form.initial["renewal"] == "yes"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("100.01", "Ensure this value is less than or equal to 100."),
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("sixty", "Enter a score between 0 and 100, such as 62.5."),
        ("60.125", "Enter a score with at most two decimals."),
    ],
)
def test_a_bad_last_year_score_is_refused_in_words(value, error):
    form = WhatIfForm({"development_score_previous": value}, declared=holding("specialized"), year=Y)
    with translation.override("en"):
        assert form.errors["development_score_previous"] == [error]


def test_an_unknown_renewal_choice_is_refused():
    form = WhatIfForm({"renewal": "maybe"}, declared=holding("specialized"), year=Y)
    assert "renewal" in form.errors
