"""Browser journey of the development evaluation score: the enterprise declares this year's score with the
platform's page, and "specialized and sophisticated SME" turns eligible; the official opens the evidence and
verifies the score. Walked in English and in Chinese."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import DevelopmentScore, Membership, MembershipStatus, ScoreState
from enterprises.tests.factories import PLATFORM_PAGE, AnnualFiguresFactory, EnterpriseFactory, IPItemFactory
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

# What each language shows for the steps the journey reads.
TEXTS = {
    "en": {"declared": "Declared, not yet verified", "verified": "Verified", "eligible": "Eligible"},
    "zh-hans": {"declared": "已申报，待核实", "verified": "已审核", "eligible": "符合条件"},  # noqa: RUF001
}


def specialized_candidate():
    """A chip designer that meets every requirement of the specialized tier under miit-2026 but the development
    evaluation score: an innovative title held, 10 years in its niche, CNY 150 million revenue, 90% of it main
    business, R&D 5% of it in each year, a class-I patent tied to the main product and in use."""
    enterprise = EnterpriseFactory(niche_since=2016, compliance_ok=True, national_market_share=Decimal("12.5"))
    last_year = timezone.localdate().year - 1
    for year in (last_year - 2, last_year - 1, last_year):
        AnnualFiguresFactory(enterprise=enterprise, year=year, revenue=Decimal("150000000"))
    IPItemFactory(enterprise=enterprise)
    AccreditationFactory(
        enterprise=enterprise, tier=tier("innovative"), granted_on=timezone.localdate() - datetime.timedelta(days=300)
    )
    return enterprise


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_enterprise_declares_its_score_turns_eligible_and_the_official_verifies_it(
    page, live_server, enterprise_user, official, tmp_path, language
):
    text = TEXTS[language]
    enterprise = specialized_candidate()
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    evidence = tmp_path / "platform-score-page.pdf"
    evidence.write_bytes(PLATFORM_PAGE)
    year = timezone.localdate().year

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_test_id("language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.goto(f"{live_server.url}/enterprises/mine/")
    page.get_by_test_id("enterprise-card").locator(
        f"a[href='/enterprises/{enterprise.pk}/development-scores/']"
    ).first.click()
    expect(page.get_by_test_id("no-scores")).to_be_visible()
    page.get_by_test_id("eligibility-link").click()
    specialized = page.get_by_test_id("tier-specialized")
    expect(specialized).not_to_have_attribute("data-state", "eligible")  # the score is not declared yet
    page.go_back()

    page.locator("#id_year").select_option(str(year))
    page.locator("#id_score").fill("62.5")
    page.locator("#id_evidence").set_input_files(str(evidence))
    page.locator("#declare-score [type=submit]").click()

    row = page.get_by_test_id(f"score-{year}")
    expect(row.get_by_test_id("score-value")).to_have_text("62.50")
    expect(row.get_by_test_id("score-state")).to_have_text(text["declared"])
    page.get_by_test_id("eligibility-link").click()
    expect(specialized).to_have_attribute("data-state", "eligible")
    expect(page.get_by_test_id("verdict-specialized")).to_contain_text(text["eligible"])

    page.context.clear_cookies()
    sign_in(page, live_server.url, official)
    page.get_by_test_id("language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.goto(f"{live_server.url}/enterprises/{enterprise.pk}/")
    page.locator(f"a[href='/enterprises/{enterprise.pk}/development-scores/']").first.click()
    row = page.get_by_test_id(f"score-{year}")
    expect(row.get_by_test_id("score-value")).to_have_text("62.50")
    with page.expect_download() as download:
        row.get_by_test_id("score-evidence").click()
    assert download.value.suggested_filename == "platform-score-page.pdf"
    assert download.value.path().read_bytes() == PLATFORM_PAGE
    row.get_by_test_id(f"verify-{year}").click()

    expect(page.get_by_test_id(f"score-{year}").get_by_test_id("score-state")).to_have_text(text["verified"])
    assert DevelopmentScore.objects.get(enterprise=enterprise).state == ScoreState.VERIFIED


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_renewing_enterprise_tries_last_years_score_in_the_what_if(page, live_server, enterprise_user, language):
    """Holding the specialized title, the enterprise types a weak score for this year and a good one for last
    year: on a renewal the better of the two counts (docs/domain.md section 4), judged as a first application it does
    not. What was typed stays in the form."""
    enterprise = specialized_candidate()
    AccreditationFactory(
        enterprise=enterprise, tier=tier("specialized"), granted_on=timezone.localdate() - datetime.timedelta(days=900)
    )
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_test_id("language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.goto(f"{live_server.url}/pool/enterprises/{enterprise.pk}/eligibility/")
    form = page.locator("#what-if form")
    form.locator("#id_development_score").fill("45")
    form.locator("#id_development_score_previous").fill("55")
    form.locator("#id_renewal").select_option("yes")
    form.locator("[type=submit]").click()

    score = page.get_by_test_id("criterion-specialized-development-score")
    expect(score).to_have_attribute("data-mark", "pass")
    expect(page.locator("#id_development_score_previous")).to_have_value("55")

    page.locator("#what-if form #id_renewal").select_option("no")
    page.locator("#what-if form [type=submit]").click()
    expect(score).to_have_attribute("data-mark", "fail")
    expect(page.locator("#id_renewal")).to_have_value("no")
