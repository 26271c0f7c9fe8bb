"""The park pool's district check judges the district picked on the profile, names districts in words and says
how to put a wrong one right; the credit code's division is a hint on the profile, never the judge."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from accreditation.eligibility.facts import assess_enterprise, park_thresholds
from accreditation.models import ParkCriteria
from enterprises.forms import profile_section_form_class
from enterprises.tests.factories import EnterpriseFactory, suzhou_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def park_admits_sip():
    ParkCriteria.objects.create(
        min_years_in_niche=3,
        min_rd_intensity=Decimal("3.00"),
        min_revenue=Decimal("20000000"),
        sme_required=False,
        allowed_district_codes="320571",
    )


def district_result(enterprise):
    import datetime

    assessment = assess_enterprise(enterprise, as_of=datetime.date(2026, 6, 1), park=park_thresholds())
    pool = assessment.tiers["park-pool"]
    return next(result for result in pool.criteria if result.code == "district")


def test_the_district_picked_on_the_profile_decides_not_the_credit_code(park_admits_sip):
    moved_in = EnterpriseFactory(uscc=suzhou_uscc(7, district="320506"), district="320571")
    moved_out = EnterpriseFactory(uscc=suzhou_uscc(8, district="320571"), district="320506")

    assert (district_result(moved_in).passed, district_result(moved_out).passed) == (True, False)


def test_a_mismatch_is_explained_in_words_with_the_fix(park_admits_sip):
    enterprise = EnterpriseFactory(uscc=suzhou_uscc(8, district="320571"), district="320506")

    message = district_result(enterprise).message

    assert message == (
        "The profile says the enterprise is registered in Wuzhong District, which the park pool does not admit (it "
        "admits Suzhou Industrial Park). If the enterprise is registered in one of those, correct the district in "
        "the profile's identity section; otherwise it cannot join the park pool."
    )
    assert "320506" not in message
    with translation.override("zh-hans"):
        assert "吴中区" in district_result(enterprise).message


def test_no_district_picked_asks_for_it(park_admits_sip):
    enterprise = EnterpriseFactory(district="")

    assert district_result(enterprise).passed is None


def test_the_profile_shows_the_credit_codes_district_as_a_hint(client, enterprise_user):
    enterprise = EnterpriseFactory(uscc=suzhou_uscc(9, district="320506"), district="320571")
    form = profile_section_form_class("identity")(instance=enterprise)

    assert form.fields["district"].help_text.startswith("Your credit code was issued in Wuzhong District;")
    assert "The park checks use the district picked here." in form.fields["district"].help_text
    assert reverse("enterprises:edit_section", kwargs={"pk": enterprise.pk, "section": "identity"})
