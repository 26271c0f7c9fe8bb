"""Separation of duties: an official who is also a member of an enterprise never screens, decides, recommends or
assigns reviewers on that enterprise's application; another official does."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accreditation.applications import reviews, services
from accreditation.applications.models import ApplicationState
from accreditation.tests.applications import TODAY, Journey, user_with
from enterprises.models import MembershipStatus
from enterprises.tests.factories import MembershipFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db

S = ApplicationState


@pytest.fixture
def insider():
    """An official who also holds the enterprise role."""
    official = user_with(Role.OFFICIAL, full_name="Zhao Lei")
    official.add_role(Role.ENTERPRISE)
    return official


@pytest.mark.parametrize("status", [MembershipStatus.VERIFIED, MembershipStatus.PENDING])
def test_an_official_cannot_screen_their_own_enterprises_application(insider, status):
    journey = Journey()
    MembershipFactory(user=insider, enterprise=journey.enterprise, status=status)
    journey.to(S.SUBMITTED)

    with pytest.raises(PermissionDenied):
        services.application_screen(application_id=journey.pk, actor=insider)

    assert journey.refresh().state == S.SUBMITTED
    services.application_screen(application_id=journey.pk, actor=journey.official)  # a colleague may
    assert journey.refresh().state == S.UNDER_REVIEW


def test_an_official_cannot_approve_recommend_or_assign_on_their_own_enterprise(insider):
    park = Journey()
    park.to(S.UNDER_REVIEW)
    higher = Journey("specialized")
    higher.to(S.UNDER_REVIEW)
    for journey in (park, higher):
        MembershipFactory(user=insider, enterprise=journey.enterprise, status=MembershipStatus.VERIFIED)
    reviewer = user_with(Role.REVIEWER)

    with pytest.raises(PermissionDenied):
        services.application_approve(application_id=park.pk, actor=insider, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.application_recommend(application_id=higher.pk, actor=insider)
    with pytest.raises(PermissionDenied):
        reviews.application_assign_reviewers(
            application_id=park.pk, actor=insider, reviewers=[reviewer], reason="Field of expertise"
        )

    assert (park.refresh().state, higher.refresh().state) == (S.UNDER_REVIEW, S.UNDER_REVIEW)


def test_the_batch_action_refuses_their_own_enterprises_application_and_does_the_rest(client, insider):
    own, other = Journey(), Journey()
    MembershipFactory(user=insider, enterprise=own.enterprise, status=MembershipStatus.VERIFIED)
    own.to(S.SUBMITTED)
    other.to(S.SUBMITTED)
    client.force_login(insider)

    response = client.post(
        reverse("applications:batch"), {"action": "screen", "selected": [own.pk, other.pk]}, follow=True
    )

    assert (own.refresh().state, other.refresh().state) == (S.SUBMITTED, S.UNDER_REVIEW)
    told = [str(message) for message in response.context["messages"]]
    assert f"{own.application.number}: you are not allowed to do this." in told
