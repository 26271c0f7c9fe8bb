"""Browser journeys of the enterprise pages: from registration to a complete profile, and the official's view."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from enterprises import services
from enterprises.models import MembershipStatus
from enterprises.selectors import evaluation_years
from portal.tests.browser import sign_in
from portal.tests.factories import PASSWORD

from .factories import EnterpriseFactory, MembershipFactory, suzhou_uscc

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

NEW_CODE = suzhou_uscc(555000111)
FIGURES = {
    "Revenue (yuan)": "150000000",
    "Main-business revenue (yuan)": "135000000",
    "Main-business cost (yuan)": "81000000",
    "Total profit (yuan)": "18000000",
    "Net profit (yuan)": "15300000",
    "Total assets (yuan)": "195000000",
    "Total liabilities (yuan)": "78000000",
    "Taxes paid (yuan)": "7500000",
    "Exports (yuan)": "30000000",
    "Staff": "180",
    "R&D staff": "45",
    "R&D expense (yuan)": "7500000",
    "New equity financing (yuan)": "0",
}


def sign_out(page) -> None:
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_test_id("login-heading")).to_be_visible()


def save_section(page, name: str, fill) -> None:
    page.get_by_role("link", name="My enterprise", exact=True).first.click()
    page.get_by_role("link", name=name).click()
    fill()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{name} saved.")).to_be_visible()


def test_a_new_user_claims_an_enterprise_is_verified_and_completes_its_data(page, live_server, official, tmp_path):
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/accounts/register/")
    page.get_by_label("Email address").fill("li.na@xinxin.example.com")
    page.get_by_label("Full name").fill("Li Na")
    page.get_by_label("Phone").fill("+86 512 6666 1234")
    page.locator("#id_password1").fill(PASSWORD)  # the label also carries the "required" asterisk
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_test_id("register-done-heading")).to_have_text("Check your email")
    (message,) = mail.outbox  # the activation link
    page.goto(re.search(r"https?://\S+/accounts/activate/\S+/", message.body).group(0))
    expect(page.get_by_test_id("home-heading")).to_have_text("Enterprise workspace")

    page.get_by_test_id("next-step-button").click()  # the home's first step: claim the enterprise
    page.get_by_label("Unified Social Credit Code").fill(f"{NEW_CODE[:9]} {NEW_CODE[9:].lower()}")
    page.get_by_label("Registered name in Chinese").fill("苏州新芯微电子有限公司")
    page.get_by_label("Your role in the enterprise").select_option("legal_rep")
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(b"%PDF-1.7\n%%EOF\n")
    page.get_by_label("Business licence").set_input_files(str(licence))
    page.get_by_role("button", name="Claim this enterprise").click()
    expect(page.get_by_test_id("claim-status")).to_contain_text("awaits verification")
    sign_out(page)

    sign_in(page, live_server.url, official.email)
    page.get_by_test_id("claims-link").click()
    page.get_by_test_id(f"claim-{NEW_CODE}").get_by_role("link", name="Review and decide").click()
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Li Na is now a verified member of 苏州新芯微电子有限公司.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server.url, "li.na@xinxin.example.com")
    page.get_by_role("link", name="My enterprise", exact=True).first.click()
    expect(page.get_by_test_id("membership-status")).to_have_text("Verified")

    save_section(page, "Identity and registration", lambda: page.get_by_label("Registration date").fill("2012-03-15"))

    def industry():
        page.get_by_label("Industry code (GB/T 4754-2017)").fill("c3973")
        page.get_by_label("Niche market", exact=True).fill("Power management chips")
        page.get_by_label("In the niche market since (year)").fill("2015")
        page.get_by_label("National market share of the main product (%)").fill("12.5")

    save_section(page, "Industry and niche market", industry)

    def products():
        page.get_by_label("Main products", exact=True).fill("Low-dropout regulators")
        page.get_by_label("Main product in the strategic emerging industries list").select_option(label="Yes")
        page.get_by_label("Role of the main product").select_option("gap-filling")
        page.get_by_label("Key link of an industrial chain", exact=True).select_option(label="No")

    save_section(page, "Products and strategy", products)

    def digital():
        page.get_by_label("Digitalisation level").select_option("3")
        page.get_by_label("Core businesses run on information systems").fill("4")
        page.get_by_label("Compliant operation in the last three years").select_option(label="Yes")

    save_section(page, "Digitalisation and compliance", digital)
    expect(page.get_by_label("Contact person")).to_be_visible()  # saving a section opens the next one

    page.get_by_role("link", name="My enterprise", exact=True).first.click()
    page.get_by_role("link", name="Yearly figures").first.click()
    years = evaluation_years(timezone.localdate())
    for year in years:
        form = page.get_by_test_id(f"figures-{year}")
        for label, value in FIGURES.items():
            form.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save all years").click()
    saved = ", ".join(str(year) for year in years)
    expect(page.get_by_text(f"The figures for {saved} are saved.")).to_be_visible()

    page.get_by_role("link", name="My enterprise", exact=True).first.click()
    expect(page.get_by_test_id("completeness-percent")).to_have_text("100%")
    expect(page.get_by_test_id("annual-update")).to_have_attribute("data-state", "done")


def test_an_official_finds_an_enterprise_by_filters_and_reads_its_history(page, live_server, official, make_user):
    from portal.core.roles import Role

    target = EnterpriseFactory(name_zh="昆山精密泵业有限公司", district="320583", address="Old Road 1")
    EnterpriseFactory(name_zh="苏州精密泵业有限公司", district="320571")
    member = make_user(Role.ENTERPRISE, full_name="Zhou Min")
    MembershipFactory(user=member, enterprise=target, status=MembershipStatus.VERIFIED)
    for number in range(2, 28):  # a long history: the first change of the address falls on its second page
        services.enterprise_update(enterprise=target, actor=member, data={"address": f"New Road {number}"})

    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, official.email)
    page.get_by_role("link", name="Enterprises", exact=True).click()
    page.get_by_label("Name or USCC").fill("精密泵业")
    page.get_by_label("District").select_option("320583")
    page.get_by_label("Has a verified member").select_option(label="Yes")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 enterprise")

    page.get_by_role("link", name="昆山精密泵业有限公司").click()
    expect(page.get_by_test_id("enterprise-name")).to_have_text("昆山精密泵业有限公司")
    change = page.get_by_test_id("history-entry").first
    expect(change).to_contain_text("Zhou Min")
    expect(change).to_contain_text("Address: New Road 26 → New Road 27")
    expect(page.get_by_test_id("history-entry")).to_have_count(25)

    page.get_by_test_id("history-older").click()
    expect(page.get_by_test_id("history-pages")).to_contain_text("2 / 2")
    expect(page.get_by_test_id("history-entry").first).to_contain_text("Address: Old Road 1 → New Road 2")
