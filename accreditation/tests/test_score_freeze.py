"""An application freezes the development evaluation score it was judged with, and whether it was verified."""

from decimal import Decimal

import pytest

from accreditation.tests.applications import TODAY, Journey
from enterprises.tests.factories import DevelopmentScoreFactory

pytestmark = pytest.mark.django_db


def test_a_submission_freezes_the_score_and_its_state_so_reviewers_see_what_was_unverified():
    journey = Journey("specialized")
    DevelopmentScoreFactory(enterprise=journey.enterprise, year=TODAY.year, score=Decimal("62.50"))
    DevelopmentScoreFactory(enterprise=journey.enterprise, year=TODAY.year - 1, score=Decimal("58"), state="verified")

    journey.submit()

    revision = journey.refresh().revisions.get()
    assert revision.facts["development_scores"] == {
        str(TODAY.year - 1): {"score": "58.00", "state": "verified"},
        str(TODAY.year): {"score": "62.50", "state": "declared"},
    }
    assert (
        revision.facts["profile"]["development_score"],
        revision.facts["profile"]["development_score_previous"],
    ) == (
        "62.5",
        58,
    )
