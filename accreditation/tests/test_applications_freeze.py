"""At submission the enterprise's facts and the engine's assessment are frozen; revisions show what changed."""

import pytest

from accreditation.applications.freeze import Change, revision_diff
from accreditation.applications.models import ApplicationState
from accreditation.tests.applications import TODAY, Journey
from enterprises.tests.factories import AnnualFiguresFactory

pytestmark = pytest.mark.django_db
S = ApplicationState


def test_a_submission_freezes_the_declaration_the_facts_and_the_assessment():
    journey = Journey("specialized")
    AnnualFiguresFactory(enterprise=journey.enterprise, year=2025, employees=180)

    application = journey.submit()

    revision = application.current_revision()
    assert (revision.number, revision.signatory_name, revision.signed_on, revision.as_of) == (
        1,
        "Zhou Min",
        TODAY,
        TODAY,
    )
    assert revision.facts["enterprise"]["niche_market"] == "Power management chips"
    assert revision.facts["years"]["2025"]["revenue"] == 150_000_000
    assert revision.criteria_version == "miit-2026"  # in force since 1 April 2026
    assert set(revision.assessment) == {"en", "zh-hans"}
    assert "specialized" in revision.assessment_in("en")["tiers"]
    assert set(application.documents.values_list("revision__number", flat=True)) == {1}


def test_later_profile_edits_never_change_what_was_submitted():
    journey = Journey("specialized")
    journey.enterprise.niche_market = "Power management chips"
    journey.enterprise.save()
    application = journey.submit()
    frozen = application.current_revision().facts

    journey.enterprise.niche_market = "Anything else"
    journey.enterprise.national_market_share = 42
    journey.enterprise.save()
    AnnualFiguresFactory(enterprise=journey.enterprise, year=2025)

    revision = application.revisions.get(number=1)
    assert revision.facts == frozen
    assert revision.facts["enterprise"]["niche_market"] == "Power management chips"


def test_a_resubmission_shows_reviewers_what_changed():
    journey = Journey("specialized")
    AnnualFiguresFactory(enterprise=journey.enterprise, year=2025, employees=180)
    journey.to(S.RETURNED)
    journey.enterprise.niche_market = "Automotive power chips"
    journey.enterprise.save()
    figures = journey.enterprise.annual_figures.get(year=2025)
    figures.rd_expense = 9_000_000
    figures.save()

    application = journey.submit()

    first, second = application.revisions.order_by("number")
    assert revision_diff(first, second) == [
        Change("enterprise.niche_market", "Power management chips", "Automotive power chips"),
        Change("years.2025.rd_expense", 7_500_000, 9_000_000),
    ]
    assert revision_diff(first, first) == []
