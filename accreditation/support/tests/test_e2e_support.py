"""Browser journeys of the support programmes: an enterprise applies to a call and is granted; an official pays a
tranche after the enterprise's report; the award the portal proposes for a new title is confirmed and paid."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accreditation import services as accreditation_services
from accreditation.models import Tier
from accreditation.support.models import AwardProposal, Call, ProgrammeKind
from accreditation.support.tests import helpers
from accreditation.tests.applications import PDF
from accreditation.tests.test_e2e_applications import sign_out
from enterprises.tests.factories import EnterpriseFactory
from portal.core import dates
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_an_enterprise_applies_to_a_call_and_is_granted(page, live_server, enterprise_user, official, tmp_path):
    call = helpers.call(helpers.programme(tiers=["specialized"]), budget="2000000.00")
    enterprise = helpers.pool_enterprise(enterprise_user)
    document = tmp_path / "plan.pdf"
    document.write_bytes(PDF)

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_test_id("nav-my-support").click()
    page.get_by_test_id("open-calls").click()
    page.get_by_test_id(f"apply-{call.pk}").click()
    page.get_by_label("Project").fill("A clean room for wafer tests")
    page.get_by_label("What the support is for").fill("Equipment for the new R&D centre.")
    page.get_by_label("Amount requested (yuan)").fill("-5")
    page.get_by_label("Documents").set_input_files(str(document))
    page.get_by_role("button", name="Submit the application").click()
    # Refused, with what was typed still there.
    expect(page.get_by_text("Ensure this value is greater than or equal to 0.01.")).to_be_visible()
    expect(page.get_by_label("Project")).to_have_value("A clean room for wafer tests")
    page.get_by_label("Amount requested (yuan)").fill("600000")
    page.get_by_label("Documents").set_input_files(str(document))
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("Application submitted. The park will review it.")).to_be_visible()
    expect(page.get_by_test_id("support-state")).to_have_text("Submitted")
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, official)
    page.get_by_test_id("nav-support").click()
    page.get_by_test_id("support-queue").get_by_role("link").first.click()
    page.get_by_label("Decision").select_option("screen")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_test_id("support-state")).to_have_text("Under review")
    page.get_by_test_id("grant-link").click()
    expect(page.get_by_label("Amount granted (yuan)")).to_have_value("600000.00")
    page.get_by_label("First tranche, paid on signing (yuan)").fill("700000")
    page.get_by_role("button", name="Grant").click()
    expect(page.get_by_text("The first tranche must be less than the amount granted.")).to_be_visible()
    page.get_by_label("First tranche, paid on signing (yuan)").fill("")
    page.get_by_role("button", name="Grant").click()
    expect(page.get_by_text("Granted. The first tranche can be paid now.")).to_be_visible()
    expect(page.get_by_test_id("support-state")).to_have_text("Granted")
    expect(page.get_by_test_id("tranche-1")).to_contain_text("300,000.00")
    expect(page.get_by_test_id("tranche-2")).to_contain_text("Results at the end of the three years")
    sign_out(page)

    sign_in(page, live_server.url, enterprise_user)
    # The decision waits in the inbox and leads to the application.
    page.get_by_test_id("inbox-link").click()
    page.get_by_test_id("inbox").get_by_role("link", name="Support granted: A clean room for wafer tests").click()
    expect(page.get_by_test_id("support-state")).to_have_text("Granted")
    page.get_by_test_id("nav-my-support").click()
    expect(page.get_by_test_id("my-support-applications")).to_contain_text("Granted")
    expect(page.get_by_test_id("report-1")).to_be_visible()
    assert enterprise.support_applications.get().grant.amount == Decimal("600000.00")

    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.get_by_role("heading", name="我的扶持")).to_be_visible()
    # The state in Chinese is the decision, not the "granted on" date column that shares its English word.
    expect(page.get_by_test_id("my-support-applications")).to_contain_text("已批准")


def test_an_official_pays_a_tranche_after_the_report(page, live_server, enterprise_user, official, tmp_path):
    acceptance = tmp_path / "acceptance.pdf"
    acceptance.write_bytes(PDF)
    call = helpers.call(helpers.programme(), budget="1000000.00")
    enterprise = helpers.pool_enterprise(enterprise_user)
    grant = helpers.granted(call, enterprise, enterprise_user, official, amount="400000.00")
    second = grant.tranches.get(number=2)

    sign_in(page, live_server.url, official)
    page.goto(f"{live_server.url}/support/applications/{grant.application.pk}/")
    page.get_by_test_id("disburse-2").click()
    expect(page.get_by_test_id("disburse-refusal")).to_contain_text("once the enterprise has reported")
    sign_out(page)

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_test_id("nav-my-support").click()
    page.get_by_test_id("report-1").click()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("Results achieved").fill("The clean room passed its acceptance test.")
    page.get_by_label("Supporting document").set_input_files(str(acceptance))
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Progress report sent to the park.")).to_be_visible()
    expect(page.get_by_test_id("report-in-2")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, official)
    page.goto(f"{live_server.url}/support/applications/{grant.application.pk}/")
    page.get_by_test_id("disburse-2").click()
    expect(page.get_by_test_id("report-results")).to_contain_text("acceptance test")
    # The report's file is there to open before paying.
    expect(page.get_by_test_id("report-files").get_by_role("link", name="acceptance.pdf")).to_be_visible()
    expect(page.get_by_test_id("disburse-amount")).to_have_text("200,000.00")
    page.get_by_test_id("disburse-confirm").click()
    expect(page.get_by_text("Tranche paid.")).to_be_visible()
    expect(page.get_by_test_id("paid-2")).to_be_visible()
    assert second.__class__.objects.get(pk=second.pk).is_paid
    assert Call.objects.get(pk=call.pk).budget_remaining == Decimal("800000.00")
    page.get_by_test_id("nav-support").click()
    expect(page.get_by_test_id("spending")).to_contain_text("200,000.00")
    # The dashboard draws what was paid, per programme and year.
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("chart-support")).to_contain_text("Support paid")
    expect(page.get_by_test_id("table-support")).to_contain_text("Programme rd-2026")


def test_the_award_proposed_for_a_new_title_is_confirmed_and_paid(page, live_server, official):
    programme = helpers.programme(
        code="giant-award", kind=ProgrammeKind.TITLE_AWARD, tiers=["little-giant"], award_amount=Decimal("500000")
    )
    call = helpers.call(programme, budget="3000000.00")
    enterprise = EnterpriseFactory()
    # The title as an official records it (by hand, an application or an imported list).
    accreditation_services.accreditation_grant(
        actor=official, enterprise=enterprise, tier=Tier.objects.get(code="little-giant"), granted_on=dates.today()
    )
    award = AwardProposal.objects.get()

    sign_in(page, live_server.url, official)
    page.get_by_test_id("nav-support").click()
    page.get_by_test_id("awards-link").click()
    expect(page.get_by_test_id("award-list")).to_contain_text(enterprise.name_zh)
    page.get_by_test_id(f"award-{award.pk}").click()
    page.get_by_test_id("award-confirm").click()
    expect(page.get_by_text("Award confirmed and paid.")).to_be_visible()
    expect(page.get_by_test_id(f"award-state-{award.pk}")).to_have_text("Confirmed and paid")
    assert Call.objects.get(pk=call.pk).budget_remaining == Decimal("2500000.00")


def test_an_official_sets_up_a_programme_and_opens_a_call(page, live_server, official):
    today = dates.today()

    sign_in(page, live_server.url, official)
    page.get_by_test_id("nav-support").click()
    page.get_by_test_id("programme-create").click()
    page.get_by_label("Code").fill("talent-2026")
    page.get_by_label("Kind").select_option("talent")
    page.get_by_label("Name (English)").fill("Talent for little giants")
    page.get_by_label("Name (Chinese)").fill("小巨人人才计划")
    page.get_by_role("group", name="Tiers held").get_by_label("Specialized and sophisticated SME").check()
    page.get_by_role("group", name="Criteria met").get_by_label("National little giant").check()
    page.get_by_role("button", name="Save the programme").click()
    expect(page.get_by_text("Programme saved.")).to_be_visible()
    expect(page.get_by_test_id("programme-name")).to_have_text("Talent for little giants")
    expect(page.get_by_test_id("criteria-met")).to_have_text("National little giant")

    page.get_by_test_id("call-create").click()
    page.get_by_label("Title").fill(f"{today.year} first call")
    page.get_by_label("Opens on").fill(today.isoformat())
    page.get_by_label("Closes on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Budget (yuan)").fill("5000000")
    page.get_by_role("button", name="Open the call").click()
    # Refused, with what was typed still there.
    expect(page.get_by_text("The call cannot close before it opens.")).to_be_visible()
    expect(page.get_by_label("Budget (yuan)")).to_have_value("5000000")
    page.get_by_label("Closes on").fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Open the call").click()
    expect(page.get_by_text("Call opened.")).to_be_visible()
    expect(page.get_by_test_id("budget-remaining")).to_have_text("5,000,000.00")
    call = Call.objects.get(programme__code="talent-2026")
    assert (call.budget, call.budget_remaining) == (Decimal("5000000.00"), Decimal("5000000.00"))

    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.get_by_role("link", name="扶持项目", exact=True)).to_be_visible()
    expect(page.get_by_test_id("budget-remaining")).to_have_text("5000000.00")  # no grouping in Chinese
