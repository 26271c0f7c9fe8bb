"""The enterprise's guided path in a browser, in English and again in Chinese: a new user registers, claims their
enterprise with a licence, an official checks the proof and verifies (the decision arrives in the inbox), then the
home page's next-step button alone leads through the profile, three years of figures saved by one submit, the
development evaluation score, eligibility and a submitted application inside the tier's open round. Screenshots of
the home, the claim review and the figures page are kept at 1280 and 390 px wide (under var/screenshots/) for a
person to look at."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accreditation.applications.models import Application, ApplicationState, DocumentRequirement
from accreditation.tests.factories import open_rounds
from enterprises.models import AnnualFigures, DevelopmentScore, Membership, MembershipStatus
from enterprises.selectors import evaluation_years
from enterprises.tests.factories import suzhou_uscc
from portal.tests.browser import sign_in
from portal.tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
WIDTHS = (1280, 390)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
FIGURES = {
    "revenue": "150000000",
    "main_business_revenue": "135000000",
    "main_business_cost": "81000000",
    "total_profit": "18000000",
    "net_profit": "15300000",
    "total_assets": "195000000",
    "total_liabilities": "78000000",
    "taxes": "7500000",
    "exports": "30000000",
    "employees": "180",
    "rd_employees": "45",
    "rd_expense": "7500000",
    "equity_financing": "0",
}
# What the profile sections ask, by field id: typed into whichever section the next step opens.
PROFILE = {
    "#id_registration_date": "2012-03-15",
    "#id_legal_representative": "Zhou Min",
    "#id_industry_code": "C3973",
    "#id_niche_market": "Power management chips",
    "#id_niche_since": "2015",
    "#id_national_market_share": "12.5",
    "#id_main_products": "Low-dropout regulators",
    "#id_core_business_on_it": "4",
}
SELECTS = {
    "#id_district": "320571",
    "#id_strategic_emerging": "true",
    "#id_main_product_field": "gap-filling",
    "#id_key_chain_link": "false",
    "#id_digital_level": "3",
    "#id_compliance_ok": "true",
}


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} overflows {width} px by {overflow} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def next_step(page) -> str:
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/")
    return page.get_by_test_id("next-step").get_attribute("data-step")


def fill_profile_section(page) -> None:
    for selector, value in PROFILE.items():
        field = page.locator(selector)
        if field.count() and not field.input_value():
            field.fill(value)
    for selector, value in SELECTS.items():
        field = page.locator(selector)
        if field.count():
            field.select_option(value)
    page.locator("input[name=save]").click()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_enterprise_user_is_guided_from_registration_to_a_submitted_application(
    page, browser, live_server, official, tmp_path, language
):
    page.set_default_timeout(20_000)
    base = live_server.url
    code = suzhou_uscc(555000111 if language == "en" else 555000222)
    name = "苏州新芯微电子有限公司" if language == "en" else "苏州芯源微电子有限公司"
    email = f"li.na.{language}@xinxin.example.com"
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(PDF)
    open_rounds()  # filing needs an open round; the home lists it among the deadlines

    # Registration, and the home page's first step: claim the enterprise, with its licence.
    page.goto(base + "/accounts/register/")
    page.locator("#id_email").fill(email)
    page.locator("#id_full_name").fill("Li Na")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    # The account opens through the link emailed to the address, which proves the address is the user's.
    expect(page.locator("main h1")).to_be_visible()
    (message,) = [sent for sent in mail.outbox if email in sent.to]
    page.goto(base + re.search(r"(/accounts/activate/\S+/)", message.body).group(1))
    expect(page.get_by_test_id("next-step")).to_have_attribute("data-step", "claim")
    page.get_by_test_id("next-step-button").click()
    page.locator("#id_uscc").fill(code)
    page.locator("#id_name_zh").fill(name)
    page.locator("#id_role").select_option("legal_rep")
    page.locator("#id_licence").set_input_files(str(licence))
    page.locator("input[name=save]").click()
    expect(page.get_by_test_id("claim-status")).to_be_visible()
    assert next_step(page) == "claim"
    expect(page.locator("a[href*='/applications/start/']")).to_have_count(0)  # no apply button leads to a 404
    if language == "en":
        shoot(page, "home-pending")

    # The official sees the pending count, the proof, and verifies.
    staff = browser.new_page()
    staff.set_default_timeout(20_000)
    sign_in(staff, base, official.email)
    staff.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
    staff.reload()
    expect(staff.get_by_test_id("pending-claims")).to_have_text("1")
    staff.get_by_test_id("claims-link").click()
    staff.get_by_test_id(f"claim-{code}").get_by_role("link").last.click()
    expect(staff.get_by_test_id("proof-link")).to_have_text("licence.pdf")
    shoot(staff, f"claim-review-{language}")
    staff.locator("form[action$='/verify/'] [type=submit]").click()
    expect(staff.get_by_test_id("claims")).to_be_visible()  # back at the queue, the claim decided
    staff.close()
    membership = Membership.objects.get(user__email=email)
    assert membership.status == MembershipStatus.VERIFIED

    # The decision is in the inbox, in the user's language.
    page.goto(base + "/")
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("inbox")).to_contain_text(name)

    # The next step, again and again: the profile sections, then the figures.
    for _ in range(6):
        if next_step(page) != "profile":
            break
        page.get_by_test_id("next-step-button").click()
        fill_profile_section(page)
    assert next_step(page) == "figures"
    page.get_by_test_id("next-step-button").click()
    years = evaluation_years(timezone.localdate())
    for year in years:
        for field, value in FIGURES.items():
            page.locator(f"#id_y{year}-{field}").fill(value)
    page.get_by_test_id("save-figures").click()
    expect(page.locator(f"#id_y{years[-1]}-revenue")).to_have_value("150000000.00")
    assert AnnualFigures.objects.filter(enterprise=membership.enterprise).count() == 3  # one save kept all three
    shoot(page, f"figures-{language}")

    # The development score of this year: the park pool does not need it, but the path is only done with it.
    assert next_step(page) == "score"
    expect(page.get_by_test_id("round-deadlines")).to_be_visible()
    page.get_by_test_id("next-step-button").click()
    page.locator("#id_year").select_option(str(timezone.localdate().year))
    page.locator("#id_score").fill("62.5")
    page.locator("#id_evidence").set_input_files(str(licence))
    page.locator("#declare-score input[name=save]").click()
    expect(page.get_by_test_id(f"score-{timezone.localdate().year}")).to_be_visible()
    assert DevelopmentScore.objects.filter(enterprise=membership.enterprise).count() == 1

    # Eligibility, then the application, by the next step's button.
    step = next_step(page)
    shoot(page, f"home-{language}")
    if step == "eligibility":
        page.get_by_test_id("next-step-button").click()
        page.get_by_test_id("apply-link").click()
    else:
        assert step == "application"
        page.get_by_test_id("next-step-button").click()
    if page.locator("#id_tier").count():
        page.locator("#id_tier").select_option("park-pool")
        page.locator("form:has(#id_tier) [type=submit]").click()
    page.get_by_test_id("start-draft").click()
    application = Application.objects.get(enterprise=membership.enterprise)
    # The form to sign is the portal's own: a PDF of the declaration that names the enterprise.
    with page.expect_download() as download_info:
        page.get_by_test_id("application-form-pdf").click()
    form_pdf = download_info.value.path().read_bytes()
    assert form_pdf.startswith(b"%PDF")
    form_text = "\n".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(form_pdf)).pages)
    assert name in form_text and code in form_text
    for requirement in DocumentRequirement.objects.filter(tier=application.tier, required=True):
        line = page.get_by_test_id(f"requirement-{requirement.code}")
        # Chosen files upload at once (static/js/uploads.js); the plain Upload button is for browsers without it.
        line.locator("input[type=file]").set_input_files(str(licence))
        expect(page.get_by_test_id(f"requirement-{requirement.code}")).to_contain_text("licence.pdf")
    page.get_by_test_id("preview-link").click()
    page.locator("#id_signatory_name").fill("Zhou Min")
    page.locator("#id_declaration_confirmed").check()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("application-state")).to_be_visible()
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert next_step(page) in ("", None)
