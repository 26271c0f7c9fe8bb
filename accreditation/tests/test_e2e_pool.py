"""Browser journeys of the pool: importing an announced list, and a revocation the enterprise reads."""

import pytest
from playwright.sync_api import expect

from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.lists import miit_row, xlsx_bytes
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.tests.browser import sign_in  # also imported from here by other journeys

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_an_official_imports_fifty_little_giants_with_three_bad_rows(page, live_server, official, tmp_path):
    enterprises = EnterpriseFactory.create_batch(47)
    rows = [miit_row(enterprise, number=f"MIIT-7-{index:03d}") for index, enterprise in enumerate(enterprises)]
    rows += [
        miit_row("91320571000000001X", name="坏代码公司"),
        [enterprises[0].uscc, enterprises[0].name_zh, "gold medal", "MIIT", "", "2025-07-01", ""],
        [enterprises[1].uscc, enterprises[1].name_zh, "little-giant", "MIIT", "", "2025-13-01", ""],
    ]
    upload = tmp_path / "miit-seventh-batch.xlsx"
    upload.write_bytes(xlsx_bytes(rows))

    sign_in(page, live_server.url, official)
    page.get_by_role("link", name="The pool").click()
    expect(page.get_by_test_id("pyramid-count-little-giant")).to_have_text("0")
    page.get_by_role("link", name="Import an announced list").click()
    page.get_by_label("List of accreditations (.xlsx or .csv)").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_test_id("count-create")).to_have_text("47 records to create")
    expect(page.get_by_test_id("count-error")).to_have_text("3 rows with errors")
    expect(page.locator("tr[data-outcome=error]")).to_have_count(3)
    expect(page.locator("tr[data-outcome=error]").nth(1)).to_contain_text("Unknown tier “gold medal”.")
    page.get_by_role("button", name="Confirm the import").click()

    expect(page.get_by_test_id("import-summary")).to_contain_text("47 records created.")
    page.get_by_role("link", name="The pool").click()
    expect(page.get_by_test_id("pyramid-count-little-giant")).to_have_text("47")
    page.get_by_test_id("pyramid-little-giant").click()
    expect(page.get_by_test_id("result-count")).to_have_text("47 records")


def test_an_official_revokes_a_record_and_the_enterprise_user_sees_it(page, live_server, official, enterprise_user):
    record = AccreditationFactory(tier=tier("specialized"))
    Membership.objects.create(user=enterprise_user, enterprise=record.enterprise, status=MembershipStatus.VERIFIED)

    sign_in(page, live_server.url, official)
    page.goto(f"{live_server.url}/pool/accreditations/{record.pk}/")
    page.get_by_label("Reason").select_option("major_accident")
    page.get_by_label("Note").fill("Fire at the Suzhou plant, March 2026.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_test_id("record-status")).to_have_text("Revoked")
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_role("link", name="My titles").click()
    page.get_by_role("link", name=record.enterprise.name_zh).click()
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li").first).to_contain_text("Revoked")
    expect(timeline.locator("li").first).to_contain_text("Major safety, quality or environmental accident")
    expect(timeline.locator("li").first).to_contain_text("Fire at the Suzhou plant, March 2026.")
    expect(page.get_by_test_id("current-tier")).to_contain_text("none yet")


def test_an_official_records_a_title_by_hand_corrects_it_and_renews_it(page, live_server, official, tmp_path):
    enterprise = EnterpriseFactory()
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(b"%PDF-1.7 Jiangsu notice 2023")

    sign_in(page, live_server.url, official)
    page.get_by_role("link", name="The pool").click()
    page.get_by_role("link", name="Record an accreditation").click()
    page.get_by_label("USCC of the enterprise").fill(enterprise.uscc)
    page.get_by_label("Tier").select_option(label="Innovative SME")
    page.get_by_label("Batch").fill("Jiangsu 2023")
    page.get_by_label("Granted on").fill("2023-12-20")
    page.get_by_label("Evidence document").set_input_files(str(notice))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("record-status")).to_have_text("Renewal due")

    page.get_by_role("link", name="Correct the record").click()
    page.get_by_label("Certificate or notice number").fill("JS-2023-0815")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("JS-2023-0815")).to_be_visible()

    page.get_by_role("button", name="Start the renewal review").click()
    expect(page.get_by_test_id("record-status")).to_have_text("Under renewal")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Renewal passed: extend").click()
    expect(page.get_by_test_id("record-status")).to_have_text("Active")
    expect(page.get_by_text("2029-12-20")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename == f"innovative-{enterprise.uscc}.pdf"


def test_an_administrator_adds_a_municipal_tier_that_the_pyramid_then_shows(page, live_server, administrator):
    sign_in(page, live_server.url, administrator)
    page.get_by_role("link", name="Open the administration").click()
    page.get_by_role("link", name="Tiers").click()
    page.get_by_role("link", name="Add tier").click()
    page.get_by_label("Code").fill("suzhou-little-giant")
    page.get_by_label("Name (English)").fill("Suzhou municipal little giant")
    page.get_by_label("Name (Chinese)").fill("苏州市“小巨人”企业")
    page.get_by_label("Order").fill("2")
    page.get_by_label("Authority level").select_option("municipal")
    page.get_by_label("Validity in years").fill("3")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.get_by_role("link", name="Park pool criteria").click()
    page.locator("th.field-version a", has_text="1").click()
    page.get_by_label("Minimum R&D intensity (%)").fill("3.50")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Saved as version 2")

    page.goto(live_server.url + "/pool/")
    expect(page.get_by_test_id("pyramid-count-suzhou-little-giant")).to_have_text("0")
