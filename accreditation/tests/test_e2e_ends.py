"""Browser journeys of how applications end and when they may start, walked in English and in Chinese: an
imported list closes a recommended application, an official closes a public notice by hand, and an enterprise
outside every round is told when the next one opens. Screenshots at 1280 and 390 px go to var/screenshots/."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accreditation.applications.models import ApplicationState
from accreditation.tests.applications import Journey, member_of
from accreditation.tests.factories import DeclarationRoundFactory, tier
from accreditation.tests.lists import xlsx_bytes
from accreditation.tests.test_e2e_pool import sign_in
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]
S = ApplicationState
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LANGUAGES = {"en": {"accredited": "Accredited"}, "zh-hans": {"accredited": "已认定"}}


def in_language(page, language: str) -> None:
    if language != "en":
        page.get_by_test_id("language-select").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)


def shoot(page, name: str, language: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_imported_list_closes_a_recommended_application(page, live_server, tmp_path, language):
    journey = Journey("little-giant")
    journey.to(S.RECOMMENDED)
    enterprise = journey.enterprise
    upload = tmp_path / "miit-eighth-batch.xlsx"
    granted = timezone.localdate()
    row = [enterprise.uscc, enterprise.name_zh, "little-giant", "MIIT", "MIIT eighth batch", granted, "MIIT-8-0001"]
    upload.write_bytes(xlsx_bytes([row]))
    number = journey.application.number

    sign_in(page, live_server.url, journey.official)
    in_language(page, language)
    page.goto(f"{live_server.url}/pool/imports/new/")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("form:has(input[type=file]) [type=submit]").click()
    expect(page.get_by_test_id("count-create")).to_contain_text("1")
    page.locator("form[action$='/confirm/'] button[type=submit]").click()

    expect(page.get_by_test_id("import-closed")).to_contain_text(number)
    shoot(page, "import-closes", language)
    page.get_by_test_id("import-closed").get_by_role("link", name=number).click()
    expect(page.get_by_test_id("application-state")).to_have_text(LANGUAGES[language]["accredited"])
    expect(page.get_by_test_id("timeline")).to_contain_text("miit-eighth-batch.xlsx")
    shoot(page, "import-closed-application", language)
    application = journey.refresh()
    assert (application.state, application.accreditation.certificate_number) == (S.ACCREDITED, "MIIT-8-0001")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_official_closes_an_ended_notice_by_hand(page, live_server, language):
    journey = Journey("park-pool")
    journey.to(S.PUBLIC_NOTICE)
    application = journey.application
    application.notice_ends_on = timezone.localdate() - datetime.timedelta(days=1)  # no beat ran on its last day
    application.save(update_fields=["notice_ends_on"])

    sign_in(page, live_server.url, journey.official)
    in_language(page, language)
    page.goto(f"{live_server.url}/applications/{journey.pk}/")
    form = page.get_by_test_id("close-notice-form")
    expect(form).to_be_visible()
    form.locator("input[name=accredited][value='1']").check()
    shoot(page, "close-notice", language)
    page.get_by_test_id("close-notice").click()

    expect(page.get_by_test_id("application-state")).to_have_text(LANGUAGES[language]["accredited"])
    shoot(page, "notice-closed", language)
    assert journey.refresh().accreditation.created_by == journey.official


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_enterprise_outside_every_round_is_told_when_the_next_opens(page, live_server, language):
    enterprise = EnterpriseFactory()
    applicant = member_of(enterprise)
    today = timezone.localdate()
    DeclarationRoundFactory(tier=tier("little-giant"), year=today.year + 1)
    expected = {
        "en": f"The {today.year + 1} round opens on April 25, {today.year + 1}.",
        "zh-hans": f"{today.year + 1} 年度申报将于 {today.year + 1}年4月25日 开始。",
    }[language]

    sign_in(page, live_server.url, applicant)
    in_language(page, language)
    page.goto(f"{live_server.url}/applications/start/{enterprise.pk}/")
    expect(page.get_by_test_id("filing-little-giant")).to_contain_text(str(today.year + 1))
    page.locator("select[name=tier]").select_option("little-giant")
    page.locator("form[method=get] button[type=submit]").click()

    expect(page.get_by_test_id("start-refused")).to_contain_text(expected)
    expect(page.get_by_test_id("start-draft")).to_have_count(0)
    shoot(page, "outside-round", language)
    assert not enterprise.applications.exists()
