"""Declaration rounds: enterprises file only inside an open round of the tier, are told when the next opens, and
officials see each round's deadlines and what is late."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accreditation.applications import services
from accreditation.applications.models import ApplicationState, DeclarationRound
from accreditation.applications.round_demo import seed_rounds
from accreditation.applications.rounds import rounds_overview
from accreditation.tests.applications import TODAY, Journey, member_of
from accreditation.tests.factories import DeclarationRoundFactory, tier
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
S = ApplicationState


def test_outside_every_round_the_draft_is_refused_saying_when_the_next_opens():
    enterprise = EnterpriseFactory()
    applicant = member_of(enterprise)
    DeclarationRoundFactory(tier=tier("little-giant"), year=2027)

    with pytest.raises(ValidationError) as caught:
        services.application_create(
            actor=applicant, enterprise=enterprise, tier=tier("little-giant"), today=datetime.date(2026, 12, 3)
        )

    assert caught.value.messages == [
        "Applications for “National little giant” are not open now. The 2027 round opens on April 25, 2027."
    ]


def test_with_no_round_announced_the_enterprise_is_told_so():
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError) as caught:
        services.application_create(actor=member_of(enterprise), enterprise=enterprise, tier=tier("single-champion"))

    assert caught.value.messages[0].startswith(
        "Applications for “Manufacturing single champion” are not open now, and the next round is not announced"
    )


def test_inside_the_window_the_draft_belongs_to_the_round():
    enterprise = EnterpriseFactory()
    declaration_round = DeclarationRoundFactory(tier=tier("little-giant"), year=2026)

    application = services.application_create(
        actor=member_of(enterprise), enterprise=enterprise, tier=tier("little-giant"), today=datetime.date(2026, 5, 1)
    )

    assert application.round == declaration_round


def test_a_draft_cannot_be_first_submitted_after_filing_closed():
    journey = Journey("specialized")
    declaration_round = journey.application.round
    declaration_round.filing_closes = TODAY - datetime.timedelta(days=1)
    declaration_round.save()

    with pytest.raises(ValidationError) as caught:
        journey.submit()

    assert caught.value.messages == [
        f"Filing for the {declaration_round.year} round closed on Nov. 27, 2026: this draft can no longer be submitted."
    ]
    assert journey.refresh().state == S.DRAFT


def test_the_start_page_says_which_tiers_are_open_and_when_the_others_open(client):
    enterprise = EnterpriseFactory()
    applicant = member_of(enterprise)
    today = timezone.localdate()
    DeclarationRoundFactory(
        tier=tier("park-pool"), year=today.year, filing_opens=today.replace(month=1, day=1), filing_closes=None
    )
    DeclarationRoundFactory(tier=tier("little-giant"), year=today.year + 1)
    client.force_login(applicant)
    url = reverse("applications:start", kwargs={"enterprise_pk": enterprise.pk})

    page = client.get(url).content.decode()
    refused = client.post(url, {"tier": "little-giant"})

    assert "open all year." in page
    assert f"closed now; the {today.year + 1} round opens on April 25, {today.year + 1}." in page
    assert refused.status_code == 400
    assert f"The {today.year + 1} round opens on April 25, {today.year + 1}." in refused.content.decode()
    assert not enterprise.applications.exists()


def test_the_rounds_page_shows_deadlines_and_counts_what_is_late(client, official):
    declaration_round = DeclarationRoundFactory(tier=tier("park-pool"), year=2026)
    journey = Journey("park-pool")
    journey.to(S.SUBMITTED)
    journey.application.round = declaration_round  # filed in this round, still not screened after 15 June
    journey.application.save()

    (row,) = [one for one in rounds_overview(datetime.date(2026, 12, 3)) if one.pk == declaration_round.pk]
    client.force_login(official)
    page = client.get(reverse("applications:rounds")).content.decode()

    assert (row.started, row.filed, row.late_screening, row.late_recommendation) == (1, 1, 1, 1)
    assert "2026-06-30" in page
    assert "1 not screened" in page


def test_a_round_cannot_close_before_it_opens():
    declaration_round = DeclarationRound(
        tier=tier("innovative"),
        year=2026,
        filing_opens=datetime.date(2026, 5, 1),
        filing_closes=datetime.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError) as caught:
        declaration_round.full_clean()
    assert "Filing cannot close before it opens." in caught.value.messages


def test_the_demo_rounds_leave_some_tier_open_today_and_say_when_the_little_giant_round_opens():
    today = datetime.date(2026, 12, 3)
    seed_rounds(today=today)
    seed_rounds(today=today)  # idempotent

    open_codes = set(DeclarationRound.objects.open_on(today).values_list("tier__code", flat=True))
    assert open_codes == {"park-pool", "innovative"}
    assert DeclarationRound.objects.get(tier__code="little-giant", year=2026).filing_closes == datetime.date(
        2026, 5, 25
    )
