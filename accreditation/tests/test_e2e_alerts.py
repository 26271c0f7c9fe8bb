"""Browser journey of the alerts' promise: an enterprise raises its R&D figures, its re-evaluation runs, the official's
alerts page lists it as newly eligible for the next tier, and the enterprise reads the notice in its inbox."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accreditation.alerts.models import Alert, AlertKind
from accreditation.tests.test_e2e_applications import sign_out
from accreditation.tests.test_e2e_pool import sign_in
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]

POOL = "Park little-giant candidate pool"


def test_raised_rd_figures_reach_the_officials_alerts_and_the_enterprises_inbox(
    page, live_server, enterprise_user, official
):
    # Every park-pool threshold but R&D: CNY 2,400,000 on revenue of CNY 100,000,000 is 2.4%, the park asks 3.0%.
    enterprise = EnterpriseFactory(niche_since=2016, compliance_ok=True)
    last_year = timezone.localdate().year - 1
    for year in (last_year - 2, last_year - 1, last_year):
        AnnualFiguresFactory(
            enterprise=enterprise, year=year, revenue=Decimal("100000000"), rd_expense=Decimal("2400000")
        )
    IPItemFactory(enterprise=enterprise)
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    assert not Alert.objects.filter(enterprise=enterprise, tier__code="park-pool").exists()

    # The enterprise user raises last year's R&D through the figures form.
    sign_in(page, live_server.url, enterprise_user)
    page.get_by_role("link", name="My enterprise", exact=True).first.click()
    page.get_by_role("link", name="Yearly figures").first.click()
    form = page.get_by_test_id(f"figures-{last_year}")
    form.get_by_label("R&D expense (yuan)", exact=True).fill("3000000")
    page.get_by_role("button", name="Save all years").click()
    expect(page.get_by_text(f"The figures for {last_year} are saved.")).to_be_visible()
    sign_out(page)

    # The official finds it among the alerts, filtered to the park pool, and opens its eligibility page.
    sign_in(page, live_server.url, official)
    page.get_by_test_id("alerts-link").click()
    expect(page.get_by_test_id("count-eligible_higher")).to_be_visible()
    page.get_by_label("Kind", exact=True).select_option(label="Eligible for a higher tier")
    page.get_by_label("Tier", exact=True).select_option(label=POOL)
    page.get_by_role("button", name="Filter").click()
    rows = page.get_by_test_id("alert-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(enterprise.name_zh)
    expect(rows.first).to_contain_text("Eligible for a higher tier")
    expect(rows.first).to_contain_text(POOL)
    assert "kind=eligible_higher" in page.url  # the filtered list can be shared
    rows.first.get_by_role("link", name="Eligibility").click()
    expect(page.get_by_test_id("verdict-park-pool")).to_have_text("✓ Eligible")
    sign_out(page)

    # The enterprise user reads the notice in the inbox and follows it to the same page.
    sign_in(page, live_server.url, enterprise_user)
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("inbox").get_by_role("link", name=f"{enterprise.name_en} is eligible for “{POOL}”")
    expect(notice).to_be_visible()
    notice.click()
    expect(page.get_by_test_id("verdict-park-pool")).to_have_text("✓ Eligible")
    assert Alert.objects.get(enterprise=enterprise, tier__code="park-pool").kind == AlertKind.ELIGIBLE_HIGHER
