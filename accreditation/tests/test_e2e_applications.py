"""Browser journeys of an application: from the draft to the accreditation, and a return answered by a revision."""

import datetime

import pytest
from playwright.sync_api import expect

from accreditation.applications.models import ApplicationState, DocumentRequirement
from accreditation.applications.reviews import review_declare_no_conflict
from accreditation.applications.services import applications_close_notices
from accreditation.models import Tier
from accreditation.tests.applications import PDF, Journey, user_with
from accreditation.tests.factories import open_round
from accreditation.tests.test_e2e_pool import sign_in
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def sign_out(page) -> None:
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Sign out").click()


def review(page, base_url: str, reviewer, number: str, scores: dict[str, str]) -> None:
    sign_in(page, base_url, reviewer)
    page.get_by_role("link", name="My reviews", exact=True).click()
    page.get_by_role("link", name=number).click()
    page.get_by_label("I have no conflict of interest with this enterprise.").check()
    page.get_by_role("button", name="Declare and open the application").click()
    for code, score in scores.items():
        page.locator(f"[name=score_{code}]").fill(score)
    page.locator("[name=recommendation][value=approve]").check()
    page.get_by_label("Comment").fill("A genuine niche leader.")
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_test_id("assignments")).to_contain_text("Submitted")
    sign_out(page)


def test_an_enterprise_applies_and_is_accredited(page, live_server, enterprise_user, official, tmp_path):
    enterprise = EnterpriseFactory(legal_representative="Zhou Min")
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    experts = [user_with(Role.REVIEWER, full_name=name) for name in ("Expert One", "Expert Two")]
    tier = Tier.objects.get(code="park-pool")
    open_round(tier)  # the park's pool takes applications all year
    document = tmp_path / "document.pdf"
    document.write_bytes(PDF)

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_role("link", name="My applications").click()
    page.get_by_role("link", name=f"Apply for a tier: {enterprise.name_zh}").click()
    page.get_by_label("Tier").select_option("park-pool")
    page.get_by_role("button", name="See the self-assessment").click()
    expect(page.get_by_test_id("self-assessment")).to_be_visible()
    page.get_by_test_id("start-draft").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Draft")
    for requirement in DocumentRequirement.objects.filter(tier=tier, required=True):
        line = page.get_by_test_id(f"requirement-{requirement.code}")
        line.locator("input[type=file]").set_input_files(str(document))
        expect(page.get_by_test_id(f"requirement-{requirement.code}")).to_contain_text("document.pdf")
    page.get_by_test_id("preview-link").click()
    expect(page.get_by_label("Name of the signatory")).to_have_value("Zhou Min")
    page.get_by_label("I confirm that the information and the attached documents are authentic.").check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Submitted")
    application = enterprise.applications.get()
    sign_out(page)

    sign_in(page, live_server.url, official)
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("link", name=application.number).click()
    page.get_by_role("button", name="Screened: complete, start the review").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Under review")
    page.get_by_text("Or assign experts by hand, with a reason").click()
    for expert in experts:
        page.get_by_label(str(expert)).check()
    page.get_by_label("Why by hand rather than drawn at random").fill("The two experts of power chips.")
    page.get_by_role("button", name="Assign the reviewers").click()
    expect(page.get_by_test_id("reviews")).to_contain_text("Expert Two")
    sign_out(page)

    full = {"specialization": "9", "refinement": "8", "distinctiveness": "8", "innovation": "7"}
    for expert in experts:
        review(page, live_server.url, expert, application.number, full)

    sign_in(page, live_server.url, official)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    expect(page.get_by_test_id("reviews")).to_contain_text("A genuine niche leader.")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Public notice")
    sign_out(page)

    # The notice period passes: the scheduled task runs on a later day.
    assert applications_close_notices(today=datetime.date.today() + datetime.timedelta(days=30)) == [application.pk]

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_role("link", name="My titles").click()
    page.get_by_role("link", name=enterprise.name_zh).click()
    expect(page.get_by_test_id("current-tier")).to_contain_text(tier.name_en)


def test_an_official_returns_the_enterprise_revises_and_the_reviewer_sees_the_change(page, live_server):
    journey = Journey("park-pool")
    journey.to(ApplicationState.UNDER_REVIEW)
    expert = user_with(Role.REVIEWER, full_name="Expert One")
    (assignment,) = journey.assign(expert)
    review_declare_no_conflict(assignment_id=assignment.pk, actor=expert)
    number = journey.application.number

    sign_in(page, live_server.url, journey.official)
    page.goto(f"{live_server.url}/applications/{journey.pk}/")
    page.get_by_label("What should the enterprise revise?").fill("State the main products precisely.")
    page.get_by_role("button", name="Return for revision").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Returned for revision")
    sign_out(page)

    # The enterprise corrects its profile (its own pages, tested elsewhere), then resubmits from the inbox.
    journey.enterprise.main_products = "Precision bearings for robot joints"
    journey.enterprise.save()
    sign_in(page, live_server.url, journey.applicant)
    page.get_by_test_id("inbox-link").click()
    page.get_by_role("link", name=f"Application {number} returned for revision").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("State the main products precisely.")
    page.get_by_test_id("preview-link").click()
    page.get_by_label("I confirm that the information and the attached documents are authentic.").check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Submitted")
    sign_out(page)

    sign_in(page, live_server.url, expert)
    page.get_by_role("link", name="My reviews", exact=True).click()
    page.get_by_role("link", name=number).click()
    page.get_by_test_id("application-link").click()
    diff = page.get_by_test_id("revision-diff")
    expect(diff).to_contain_text("What changed from revision 1 to revision 2")
    expect(diff).to_contain_text("enterprise.main_products")
    expect(diff).to_contain_text("Precision bearings for robot joints")
