"""Browser journey: an official creates a cultivation plan, sets its targets, reads its progress on the plan's
page and on the dashboard (chart and the table beside it), then reads both in Chinese."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from accreditation.models import Tier
from accreditation.tests.factories import AccreditationFactory
from portal.tests.browser import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # the live server shares this process's cache of the dashboard's aggregates
    yield
    cache.clear()


def test_an_official_sets_a_plan_and_reads_its_progress_in_english_and_chinese(page, live_server, official):
    year = timezone.localdate().year
    giant, specialized = Tier.objects.get(code="little-giant"), Tier.objects.get(code="specialized")
    AccreditationFactory(tier=giant)
    AccreditationFactory(tier=specialized)
    AccreditationFactory(tier=specialized)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    sign_in(page, live_server.url, official)
    page.get_by_test_id("nav-plans").click()
    expect(page.get_by_test_id("plan-list-empty")).to_be_visible()
    page.get_by_test_id("plan-create").click()
    page.get_by_label("Code").fill("sip-plan")
    page.get_by_label("Name").fill(f"SIP little giants {year}-{year + 2}")
    page.get_by_label("First year").fill(str(year))
    page.get_by_label("Last year").fill(str(year - 1))
    page.get_by_role("button", name="Create the plan").click()
    # Refused, with what was typed still there.
    expect(page.get_by_text("The last year cannot come before the first year.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value(f"SIP little giants {year}-{year + 2}")
    page.get_by_label("Last year").fill(str(year + 2))
    page.get_by_role("button", name="Create the plan").click()

    expect(page.get_by_text("Plan created. Now set its targets.")).to_be_visible()
    page.get_by_test_id(f"target-little-giant-{year}").fill("3")
    page.get_by_test_id(f"target-little-giant-{year + 2}").fill("6")
    page.get_by_test_id(f"target-specialized-{year}").fill("-1")
    page.get_by_test_id("targets-save").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 0.")).to_be_visible()
    expect(page.get_by_test_id(f"target-little-giant-{year + 2}")).to_have_value("6")
    page.get_by_test_id(f"target-specialized-{year}").fill("5")
    page.get_by_test_id("targets-save").click()

    expect(page.get_by_test_id("plan-name")).to_have_text(f"SIP little giants {year}-{year + 2}")
    expect(page.get_by_test_id("target-little-giant")).to_have_text("3")
    expect(page.get_by_test_id("at-least-little-giant")).to_have_text("1")
    # The little giant holds "at least specialized" too.
    expect(page.get_by_test_id("target-specialized")).to_have_text("5")
    expect(page.get_by_test_id("at-least-specialized")).to_have_text("3")
    expect(page.get_by_test_id(f"trajectory-little-giant-{year + 2}")).to_contain_text("6")
    expect(page.locator('canvas[data-chart="plan-chart-data"]')).to_be_visible()

    page.goto(live_server.url + "/")
    expect(page.locator('canvas[data-chart="chart-data-plan"]')).to_be_visible()
    expect(page.get_by_test_id("plan-little-giant-at_least")).to_contain_text("1")
    expect(page.get_by_test_id("plan-specialized-target")).to_contain_text("5")

    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.get_by_test_id("chart-plan")).to_contain_text("本年目标")
    expect(page.get_by_test_id("table-plan").locator("tbody th").first).to_have_text("专精特新中小企业")
    page.get_by_test_id("chart-plan-link").click()
    expect(page.get_by_role("heading", name="目标与实际数")).to_be_visible()
    expect(page.get_by_test_id("at-least-specialized")).to_have_text("3")
    assert violations == []
