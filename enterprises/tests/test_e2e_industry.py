"""Browser journey of the industry picker: words in either language find the GB/T 4754 division, the code picked
is saved, and saving opens the profile's next section."""

import pytest
from playwright.sync_api import expect

from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_an_enterprise_picks_its_industry_by_words(page, live_server, enterprise_user):
    enterprise = EnterpriseFactory(niche_since=2016)
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    sign_in(page, live_server.url, enterprise_user)
    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/enterprises/{enterprise.pk}/edit/industry/")

    field = page.locator("#id_industry_code")
    field.fill("")
    field.press_sequentially("software", delay=30)  # English words in the Chinese interface
    options = page.locator("#industry-code-options option")
    expect(options.first).to_have_attribute("value", "I65", timeout=10_000)
    expect(options.first).to_contain_text("软件和信息技术服务业")
    page.screenshot(path="var/screenshots/industry-zh-hans-390.png", full_page=True)

    field.fill("I6510")
    page.locator("form").get_by_role("button", name="保存").click()
    expect(page).to_have_url(f"{live_server.url}/enterprises/{enterprise.pk}/edit/products/")
    enterprise.refresh_from_db()
    assert (enterprise.industry_code, enterprise.sector.code) == ("I6510", "65")
