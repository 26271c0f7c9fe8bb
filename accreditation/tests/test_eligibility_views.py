"""The eligibility page as its users meet it: verdicts and gaps, who may see it, the what-if form, two versions."""

from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accreditation.eligibility.verdicts import MissingFact, missing_facts
from accreditation.eligibility.what_if import WhatIfForm
from accreditation.models import Accreditation
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import AnnualFigures, Enterprise, IPItem, Membership, MembershipStatus
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db


def last_year() -> int:
    return timezone.localdate().year - 1


def blocked_by_rd(**fields) -> Enterprise:
    """An enterprise that meets every park-pool threshold but R&D intensity (3.0% of last year's revenue):
    R&D CNY 2,400,000 on revenue CNY 100,000,000 is 2.4%; 3.0% needs CNY 3,000,000, so CNY 600,000 more."""
    enterprise = EnterpriseFactory(niche_since=2016, compliance_ok=True, **fields)
    for back in (2, 1, 0):
        AnnualFiguresFactory(
            enterprise=enterprise,
            year=last_year() - back,
            revenue=Decimal("100000000"),
            rd_expense=Decimal("2400000"),
        )
    IPItemFactory(enterprise=enterprise)
    return enterprise


def member(user, enterprise, status=MembershipStatus.VERIFIED) -> None:
    Membership.objects.create(user=user, enterprise=enterprise, status=status)


def page_url(enterprise, name="accreditation:eligibility") -> str:
    return reverse(name, kwargs={"enterprise_pk": enterprise.pk})


def tier_of(response, code, column=0):
    return next(view for view in response.context["columns"][column]["tiers"] if view.code == code)


def test_a_member_sees_the_failed_rd_criterion_with_its_gap_and_the_tier_to_aim_for(client, enterprise_user):
    enterprise = blocked_by_rd()
    member(enterprise_user, enterprise)
    client.force_login(enterprise_user)

    response = client.get(page_url(enterprise))

    park = tier_of(response, "park-pool")
    assert response.status_code == 200
    assert park.state == "not-eligible"
    assert [(c.code, c.mark) for c in park.criteria if c.mark != "pass"] == [("rd-intensity", "fail")]
    gap = f"R&D was 2.4% of revenue in {last_year()}, below 3.0%: CNY 600,000 more R&D was needed"
    assert gap in park.criteria[-2].message
    assert response.context["columns"][0]["next"].code == "park-pool"
    html = response.content.decode()
    assert 'data-testid="criterion-park-pool-rd-intensity" data-mark="fail"' in html
    assert "✗</span> Fail" in html  # a word beside the icon, not colour alone
    assert gap.replace("&", "&amp;") in html


def test_park_staff_see_the_page_but_not_pending_claimants_other_members_nor_reviewers(
    client, enterprise_user, make_user, official, reviewer
):
    enterprise = blocked_by_rd()
    member(enterprise_user, enterprise, MembershipStatus.PENDING)
    outsider = make_user(Role.ENTERPRISE)
    member(outsider, EnterpriseFactory())

    statuses = {}
    for name, user in {
        "pending": enterprise_user,
        "official": official,
        "other": outsider,
        "reviewer": reviewer,
    }.items():
        client.force_login(user)
        statuses[name] = client.get(page_url(enterprise)).status_code

    assert statuses == {"pending": 404, "official": 200, "other": 404, "reviewer": 404}


def test_the_next_tier_is_the_lowest_above_the_current_one_not_yet_eligible(client, official):
    enterprise = blocked_by_rd()
    AccreditationFactory(enterprise=enterprise, tier=tier("innovative"))
    client.force_login(official)

    response = client.get(page_url(enterprise))

    next_tier = response.context["columns"][0]["next"]
    assert response.context["current_tier"].code == "innovative"
    assert next_tier.code == "specialized"
    assert next_tier.state in {"not-eligible", "cannot-tell"}


def snapshot(enterprise) -> tuple:
    return (
        list(AnnualFigures.objects.filter(enterprise=enterprise).order_by("year").values()),
        list(IPItem.objects.filter(enterprise=enterprise).values()),
        AnnualFigures.history.count(),
        Enterprise.history.count(),
        Accreditation.objects.count(),
    )


def test_the_what_if_form_raises_rd_and_the_park_pool_turns_eligible_without_saving(client, enterprise_user):
    enterprise = blocked_by_rd()
    member(enterprise_user, enterprise)
    client.force_login(enterprise_user)
    before = snapshot(enterprise)

    response = client.post(page_url(enterprise, "accreditation:what_if"), {"rd_expense": "3,000,000"})

    park = tier_of(response, "park-pool")
    assert response.status_code == 200
    assert response.context["what_if"] is True
    assert (park.state, park.declared_verdict) == ("eligible", "Not eligible")
    assert park.assessment.criterion("rd-intensity").actual == 3.0
    assert "Nothing has been saved." in response.content.decode()
    assert snapshot(enterprise) == before
    assert client.get(page_url(enterprise)).context["columns"][0]["tiers"][0].state == "not-eligible"


def test_what_if_errors_keep_what_was_typed_and_say_what_is_wrong(client, enterprise_user):
    enterprise = blocked_by_rd()
    member(enterprise_user, enterprise)
    client.force_login(enterprise_user)

    response = client.post(
        page_url(enterprise, "accreditation:what_if"),
        {"rd_expense": "three million", "revenue": "-5", "development_score": "101", "ip_class1_other": "2"},
    )

    form = response.context["form"]
    assert response.status_code == 400
    assert response.context["what_if"] is False
    assert form.errors == {
        "rd_expense": ["Enter a whole number of yuan, such as 1200000."],
        "revenue": ["An amount cannot be negative."],
        "development_score": ["Ensure this value is less than or equal to 100."],
    }
    html = response.content.decode()
    assert 'value="three million"' in html
    assert 'value="-5"' in html


def test_what_if_refuses_main_business_revenue_above_revenue_naming_both_amounts(client, enterprise_user):
    enterprise = blocked_by_rd()
    member(enterprise_user, enterprise)
    client.force_login(enterprise_user)

    response = client.post(
        page_url(enterprise, "accreditation:what_if"),
        {"main_business_revenue": "120000000"},
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["main_business_revenue"]
    assert "120,000,000" in response.context["form"].errors["main_business_revenue"][0]


def test_the_switch_shows_miit_2022_and_miit_2026_side_by_side(client, official):
    enterprise = blocked_by_rd()
    client.force_login(official)

    response = client.get(page_url(enterprise), {"compare": "1"})

    columns = response.context["columns"]
    assert [column["version"] for column in columns] == ["miit-2022", "miit-2026"]
    # The 2026 specialized tier also needs the platform's development score, which is not declared here.
    score = tier_of(response, "specialized", 1).assessment.criterion("development-score")
    assert (score.passed, score.missing) == (None, ("profile.development_score",))
    assert [c.code for c in tier_of(response, "specialized", 0).criteria if c.code == "development-score"] == []
    assert tier_of(response, "specialized", 0).assessment.version == "miit-2022"
    html = response.content.decode()
    assert 'data-testid="column-miit-2022"' in html and 'data-testid="column-miit-2026"' in html
    # The missing fact in plain words, with its year; never a field path.
    this_year = timezone.localdate().year
    assert f"Cannot tell yet: needs the development evaluation score of {this_year}" in html
    assert "profile.development_score" not in html


def test_the_what_if_form_keeps_the_comparison(client, official):
    enterprise = blocked_by_rd()
    client.force_login(official)

    response = client.post(page_url(enterprise, "accreditation:what_if"), {"compare": "1", "development_score": "65"})

    assert [column["version"] for column in response.context["columns"]] == ["miit-2022", "miit-2026"]
    assert tier_of(response, "specialized", 1).assessment.criterion("development-score").passed is True


def test_the_timeline_links_to_the_eligibility_page(client, official):
    enterprise = blocked_by_rd()
    client.force_login(official)

    html = client.get(reverse("accreditation:timeline", kwargs={"enterprise_pk": enterprise.pk})).content.decode()

    assert f'href="{page_url(enterprise)}"' in html


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "0", "1,000", "\uff11\uff12\uff13", "NaN", "1e400", "100.001", "9" * 5000]),
)
posted = st.dictionaries(st.sampled_from([*WhatIfForm.base_fields, "compare", "version", "x"]), values)


@FUZZ
@given(data=posted)
def test_arbitrary_what_if_input_never_fails_and_never_writes(client, enterprise_user, data):
    enterprise = Enterprise.objects.filter(memberships__user=enterprise_user).first()
    if enterprise is None:
        enterprise = blocked_by_rd()
        member(enterprise_user, enterprise)
    client.force_login(enterprise_user)
    before = snapshot(enterprise)

    response = client.post(page_url(enterprise, "accreditation:what_if"), data)

    assert response.status_code in (200, 400)
    assert snapshot(enterprise) == before


def test_nothing_is_assessed_against_a_year_that_is_not_complete(client, enterprise_user):
    enterprise = blocked_by_rd()
    AnnualFiguresFactory(enterprise=enterprise, year=timezone.localdate().year, rd_expense=Decimal("9000000"))
    member(enterprise_user, enterprise)
    client.force_login(enterprise_user)

    response = client.get(page_url(enterprise))

    assert response.context["last_year"] == last_year()
    assert tier_of(response, "park-pool").state == "not-eligible"


def test_what_if_fills_in_last_year_for_an_enterprise_that_declared_no_figures(client, official):
    enterprise = EnterpriseFactory(niche_since=2016, compliance_ok=True)
    client.force_login(official)

    declared = client.get(page_url(enterprise))
    response = client.post(
        page_url(enterprise, "accreditation:what_if"), {"revenue": "50000000", "rd_expense": "2000000"}
    )

    rd = tier_of(response, "park-pool").assessment.criterion("rd-intensity")
    assert tier_of(declared, "park-pool").assessment.criterion("rd-intensity").missing == (f"years.{last_year()}",)
    assert (rd.passed, rd.actual) == (True, 4.0)
    assert AnnualFigures.objects.filter(enterprise=enterprise).count() == 0


def test_cannot_tell_names_the_missing_facts_in_plain_words_with_a_link_to_their_form(client, official):
    enterprise = EnterpriseFactory()
    client.force_login(official)

    response = client.get(page_url(enterprise))

    last_year = timezone.localdate().year - 1
    innovative = tier_of(response, "innovative")
    assert innovative.state == "cannot-tell"
    figures = reverse("enterprises:figures", kwargs={"pk": enterprise.pk})
    assert MissingFact(f"The {last_year} figures", figures) in innovative.missing
    html = response.content.decode()
    assert f'<a href="{figures}">The {last_year} figures</a>' in html
    assert f"years.{last_year}" not in html


def test_a_missing_development_score_links_to_the_page_that_takes_it():
    try:
        expected = reverse("enterprises:development_scores", kwargs={"pk": 7})
    except NoReverseMatch:  # until the development-score page exists, the figures page takes the yearly facts
        expected = reverse("enterprises:figures", kwargs={"pk": 7})

    facts = missing_facts(
        ("profile.development_score", "profile.development_score_previous", "years.2025.total_assets"),
        last_year=2025,
        enterprise_pk=7,
    )

    assert facts == [
        MissingFact("The development evaluation score of 2026", expected),
        MissingFact("The development evaluation score of 2025", expected),
        MissingFact("The 2025 total assets", reverse("enterprises:figures", kwargs={"pk": 7})),
    ]


def test_missing_facts_are_named_in_chinese_too():
    with translation.override("zh-hans"):
        names = [
            fact.name
            for fact in missing_facts(("profile.development_score", "years.2025.total_assets"), last_year=2025)
        ]
    assert names == ["2026年专精特新发展评价得分", "2025年资产总额"]
