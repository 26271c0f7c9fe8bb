"""On a 390 px phone the lists' tables scroll inside themselves: no page is wider than the screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accreditation.tests.factories import AccreditationFactory
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_the_lists_fit_a_phone(page, live_server, official):
    AccreditationFactory.create_batch(3)
    sign_in(page, live_server.url, official)
    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("accreditation:list", "enterprises:list", "applications:queue"):
        page.goto(live_server.url + reverse(name))
        expect(page.locator("table").first).to_be_visible()
        page.screenshot(path=f"var/screenshots/phone-{name.replace(':', '-')}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name} is {width} px wide on a 390 px screen"
