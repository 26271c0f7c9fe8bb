"""Browser journey of the eligibility page: a failed criterion with its gap, and a what-if that turns it eligible."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accreditation.tests.test_e2e_pool import sign_in
from enterprises.models import AnnualFigures, Membership, MembershipStatus
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_an_enterprise_user_raises_rd_in_the_what_if_form_and_the_park_pool_turns_eligible(
    page, live_server, enterprise_user
):
    # Meets every park-pool threshold but R&D: CNY 2,400,000 on revenue of CNY 100,000,000 is 2.4%; the park's
    # 3.0% needs CNY 3,000,000, that is CNY 600,000 more.
    enterprise = EnterpriseFactory(niche_since=2016, compliance_ok=True)
    last_year = timezone.localdate().year - 1
    for year in (last_year - 2, last_year - 1, last_year):
        AnnualFiguresFactory(
            enterprise=enterprise, year=year, revenue=Decimal("100000000"), rd_expense=Decimal("2400000")
        )
    IPItemFactory(enterprise=enterprise)
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)

    sign_in(page, live_server.url, enterprise_user)
    page.get_by_role("link", name="My titles").click()
    page.get_by_role("link", name=enterprise.name_zh).click()
    page.get_by_test_id("eligibility-link").click()

    park = page.get_by_test_id("tier-park-pool")
    expect(park.get_by_test_id("verdict-park-pool")).to_have_text("✗ Not eligible")
    rd = park.get_by_test_id("criterion-park-pool-rd-intensity")
    expect(rd).to_contain_text("Fail")
    expect(rd).to_contain_text(
        f"R&D was 2.4% of revenue in {last_year}, below 3.0%: CNY 600,000 more R&D was needed on that year's revenue"
    )
    expect(page.get_by_test_id("next-tier")).to_contain_text("Park little-giant candidate pool")

    page.get_by_label("R&D expense last year (yuan)").fill("3,000,000")
    page.get_by_role("button", name="Show the verdicts").click()

    expect(page.get_by_test_id("what-if-banner")).to_contain_text("Nothing has been saved.")
    expect(page.get_by_test_id("verdict-park-pool")).to_have_text("✓ Eligible")
    expect(page.get_by_test_id("declared-verdict-park-pool")).to_have_text("With the declared figures: Not eligible")
    expect(page.get_by_test_id("criterion-park-pool-rd-intensity")).to_contain_text("R&D was 3.0% of revenue")
    expect(page.get_by_label("R&D expense last year (yuan)")).to_have_value("3,000,000")  # what was typed, as typed
    assert AnnualFigures.objects.get(enterprise=enterprise, year=last_year).rd_expense == Decimal("2400000")
