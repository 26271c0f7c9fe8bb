"""The enterprise user's home is their path: each step done or not, one button to the next, no button that leads
to a 404, the tier to aim for, and no red "overdue" the day an enterprise is claimed."""

import pytest
from django.urls import reverse

from enterprises.models import MembershipStatus
from enterprises.services import membership_verify
from enterprises.tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_a_new_user_is_sent_to_claim_their_enterprise(client, enterprise_user):
    response = home(client, enterprise_user)

    assert 'data-step="claim"' in response.content.decode()
    assert reverse("enterprises:claim") in response.content.decode()


def test_a_pending_claim_offers_its_own_page_and_no_apply_button(client, enterprise_user):
    membership = MembershipFactory(user=enterprise_user)

    page = home(client, enterprise_user).content.decode()

    assert reverse("enterprises:my_claim", kwargs={"pk": membership.pk}) in page
    assert "/applications/start/" not in page
    assert "nav-eligibility" not in page  # the navigation links eligibility only for a verified enterprise
    assert "While the claim awaits verification" in page


def test_a_verified_claim_leads_on_to_the_profile_then_shows_tier_and_deadlines(client, enterprise_user, official):
    enterprise = EnterpriseFactory(main_products="")
    membership = MembershipFactory(user=enterprise_user, enterprise=enterprise)
    membership_verify(membership=membership, actor=official)

    response = home(client, enterprise_user)
    (path,) = response.context["paths"]
    page = response.content.decode()

    assert [(step.key, step.done) for step in path.steps][:3] == [
        ("claim", True),
        ("profile", False),
        ("figures", False),
    ]
    assert path.next_step.key == "profile"
    assert 'data-testid="next-step-button"' in page
    assert reverse("accreditation:eligibility", kwargs={"enterprise_pk": enterprise.pk}) in page
    assert 'data-testid="nav-eligibility"' in page
    assert "Annual update overdue" not in page  # claimed today: no deadline passed with figures due


def test_the_application_step_links_to_the_start_page_which_opens(client, enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)

    (path,) = home(client, enterprise_user).context["paths"]
    application = next(step for step in path.steps if step.key == "application")

    assert client.get(application.url).status_code == 200
