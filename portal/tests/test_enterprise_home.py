"""The enterprise user's home is their path: each step done or not, one button to the next, no button that leads
to a 404, the tier to aim for, and no red "overdue" the day an enterprise is claimed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accreditation.tests.factories import DeclarationRoundFactory, open_round, tier
from enterprises.models import MembershipStatus, ScoreState
from enterprises.services import membership_verify
from enterprises.tests.factories import DevelopmentScoreFactory, EnterpriseFactory, MembershipFactory

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

    assert [(step.key, step.done) for step in path.steps][:4] == [
        ("claim", True),
        ("profile", False),
        ("figures", False),
        ("score", False),
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


def verified_home(client, user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    response = home(client, user)
    (path,) = response.context["paths"]
    return enterprise, path, response.content.decode()


def test_the_development_score_step_follows_the_figures_and_is_done_once_the_year_is_declared(client, enterprise_user):
    enterprise, path, page = verified_home(client, enterprise_user)
    keys = [step.key for step in path.steps]
    score = next(step for step in path.steps if step.key == "score")

    assert keys.index("score") == keys.index("figures") + 1
    assert not score.done
    assert score.url == reverse("enterprises:development_scores", kwargs={"pk": enterprise.pk})
    assert "specialized and little-giant tiers" in score.detail
    assert f'href="{score.url}"' in page

    year = timezone.localdate().year
    DevelopmentScoreFactory(enterprise=enterprise, year=year - 1)  # last year's score is not the one read
    (path,) = home(client, enterprise_user).context["paths"]
    assert not next(step for step in path.steps if step.key == "score").done

    DevelopmentScoreFactory(enterprise=enterprise, year=year, score=Decimal("71.5"))
    (path,) = home(client, enterprise_user).context["paths"]
    score = next(step for step in path.steps if step.key == "score")
    assert score.done
    assert score.detail.startswith("Score 71.5 ")


def test_a_rejected_score_opens_the_step_again(client, enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    DevelopmentScoreFactory(
        enterprise=enterprise,
        year=timezone.localdate().year,
        state=ScoreState.REJECTED,
        reject_reason="The page shows 2025.",
    )

    (path,) = home(client, enterprise_user).context["paths"]
    score = next(step for step in path.steps if step.key == "score")

    assert not score.done
    assert "rejected" in score.detail


def test_the_deadlines_show_open_and_announced_rounds_and_the_application_step_names_the_open_tiers(
    client, enterprise_user
):
    today = timezone.localdate()
    open_round("innovative")
    DeclarationRoundFactory(
        tier=tier("little-giant"),
        year=today.year + 1,
        filing_opens=datetime.date(today.year + 1, 4, 25),
        filing_closes=datetime.date(today.year + 1, 5, 25),
        prereview_deadline=None,
        recommendation_deadline=None,
    )

    _enterprise, path, page = verified_home(client, enterprise_user)
    application = next(step for step in path.steps if step.key == "application")

    assert 'data-testid="round-open" data-tier="innovative"' in page
    assert 'data-testid="round-next" data-tier="little-giant"' in page
    assert f"{today.year + 1}-04-25" in page
    assert tier("innovative").name in application.detail
    assert tier("little-giant").name not in application.detail


def test_without_any_round_the_home_says_so(client, enterprise_user):
    _enterprise, path, page = verified_home(client, enterprise_user)
    application = next(step for step in path.steps if step.key == "application")

    assert 'data-testid="no-rounds"' in page
    assert "No tier takes applications now" in application.detail


def test_the_home_shows_the_stored_verdict_the_eligibility_page_shows(client, enterprise_user):
    """One verdict everywhere: the home's "a tier you qualify for" reads the stored assessment, as the eligibility
    page, the exports and the alerts do, not a verdict of its own."""
    from accreditation.eligibility.models import EligibilityAssessment
    from accreditation.eligibility.reevaluation import reevaluate_enterprise

    enterprise = EnterpriseFactory()  # nothing declared: no tier can be met
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    today = timezone.localdate()
    reevaluate_enterprise(enterprise_id=enterprise.pk, as_of=today)
    # The stored row is what every reader trusts (written by the re-evaluation on these same facts).
    EligibilityAssessment.objects.filter(enterprise=enterprise, tier__code="innovative").update(eligible=True)

    (path,) = home(client, enterprise_user).context["paths"]
    step = next(step for step in path.steps if step.key == "eligibility")
    client.force_login(enterprise_user)
    page = client.get(reverse("accreditation:eligibility", kwargs={"enterprise_pk": enterprise.pk}))
    (innovative,) = [view for view in page.context["columns"][0]["tiers"] if view.code == "innovative"]

    assert innovative.eligible is True
    assert step.done
    assert innovative.name in step.detail
