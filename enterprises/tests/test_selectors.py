"""Who sees which enterprise, how complete a profile is, and where the annual update stands."""

import datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from enterprises.models import FIGURE_FIELDS, Enterprise, MembershipStatus
from enterprises.selectors import (
    PROFILE_FIELDS_FOR_EVALUATION,
    UpdateState,
    annual_update_status,
    enterprise_completeness,
    enterprises_visible_to,
    pending_memberships,
    with_annual_update_done,
)
from portal.core.roles import Role

from .factories import AnnualFiguresFactory, EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)


@pytest.fixture
def three_enterprises():
    return EnterpriseFactory.create_batch(3)


def test_enterprise_user_sees_only_enterprises_of_their_verified_memberships(enterprise_user, three_enterprises):
    own, pending, rejected = three_enterprises
    MembershipFactory(user=enterprise_user, enterprise=own, status=MembershipStatus.VERIFIED)
    MembershipFactory(user=enterprise_user, enterprise=pending, status=MembershipStatus.PENDING)
    MembershipFactory(user=enterprise_user, enterprise=rejected, status=MembershipStatus.REJECTED, reject_reason="no")
    MembershipFactory(enterprise=rejected, status=MembershipStatus.VERIFIED)  # someone else's membership

    assert set(enterprises_visible_to(enterprise_user)) == {own}  # a pending claim opens nothing


@pytest.mark.parametrize("fixture", ["official", "administrator"])
def test_park_staff_see_every_enterprise(request, fixture, three_enterprises):
    assert set(enterprises_visible_to(request.getfixturevalue(fixture))) == set(three_enterprises)


def test_reviewers_strangers_and_anonymous_see_none(reviewer, make_user, three_enterprises):
    from django.contrib.auth.models import AnonymousUser

    assert list(enterprises_visible_to(reviewer)) == []
    assert list(enterprises_visible_to(make_user())) == []
    assert list(enterprises_visible_to(AnonymousUser())) == []


def test_inactive_official_sees_none(make_user, three_enterprises):
    assert list(enterprises_visible_to(make_user(Role.OFFICIAL, is_active=False))) == []


def test_pending_claims_queue_is_oldest_first():
    first, second = MembershipFactory(), MembershipFactory()
    MembershipFactory(status=MembershipStatus.VERIFIED)

    assert list(pending_memberships()) == [first, second]


def complete_profile(**overrides) -> Enterprise:
    values = {
        "registration_date": datetime.date(2012, 5, 1),
        "industry_code": "C3973",
        "niche_market": "Power chips",
        "niche_since": 2014,
        "main_products": "LDO regulators",
        "strategic_emerging": True,
        "main_product_field": "gap-filling",
        "key_chain_link": False,
        "digital_level": 2,
        "core_business_on_it": 1,
        "national_market_share": Decimal("8.5"),
        "compliance_ok": True,
    }
    return EnterpriseFactory(**{**values, **overrides})


def test_complete_profile_with_three_years_is_100_percent():
    enterprise = complete_profile()
    for year in (2023, 2024, 2025):
        AnnualFiguresFactory(enterprise=enterprise, year=year)

    completeness = enterprise_completeness(enterprise, today=TODAY)

    assert (completeness.percent, completeness.missing, completeness.years) == (100, (), (2025, 2024, 2023))


def test_completeness_names_each_missing_item():
    enterprise = complete_profile(niche_since=None, compliance_ok=None)
    AnnualFiguresFactory(enterprise=enterprise, year=2025, exports=None)
    AnnualFiguresFactory(enterprise=enterprise, year=2024)
    AnnualFiguresFactory(enterprise=enterprise, year=2019)  # too old to count

    completeness = enterprise_completeness(enterprise, today=TODAY)

    assert [item.code for item in completeness.missing] == [
        "profile.niche_since",
        "profile.compliance_ok",
        "figures.2025.exports",
        "figures.2023",
    ]
    assert [item.label for item in completeness.missing] == [
        "In the niche market since (year)",
        "Compliant operation in the last three years",
        "2025: exports (yuan)",
        "Figures for 2023",
    ]
    total = len(PROFILE_FIELDS_FOR_EVALUATION) + 3 * len(FIGURE_FIELDS)
    assert completeness.percent == (total - 2 - 1 - len(FIGURE_FIELDS)) * 100 // total


def test_empty_profile_is_zero_percent():
    enterprise = EnterpriseFactory(industry_code="", niche_market="", niche_since=None)

    assert enterprise_completeness(enterprise, today=TODAY).percent == 0


def test_completeness_uses_prefetched_figures(django_assert_num_queries):
    complete_profile()
    enterprise = Enterprise.objects.prefetch_related("annual_figures").get()

    with django_assert_num_queries(0):
        enterprise_completeness(enterprise, today=TODAY)


@pytest.mark.parametrize(
    ("today", "state", "days_left"),
    [
        (datetime.date(2026, 5, 31), UpdateState.OPEN, 0),
        (datetime.date(2026, 1, 2), UpdateState.OPEN, 149),
        (datetime.date(2026, 6, 1), UpdateState.OVERDUE, -1),
    ],
)
def test_annual_update_due_by_31_may_by_default(today, state, days_left):
    status = annual_update_status(member_since(datetime.date(2025, 3, 1)), today)

    assert (status.year, status.deadline, status.state, status.days_left) == (
        2025,
        datetime.date(2026, 5, 31),
        state,
        days_left,
    )


def test_annual_update_done_once_last_year_is_complete():
    enterprise = EnterpriseFactory()
    AnnualFiguresFactory(enterprise=enterprise, year=2025)

    assert annual_update_status(enterprise, datetime.date(2026, 7, 1)).state == UpdateState.DONE


def test_half_filled_last_year_is_not_done():
    enterprise = member_since(datetime.date(2025, 3, 1))
    AnnualFiguresFactory(enterprise=enterprise, year=2025, taxes=None)

    assert annual_update_status(enterprise, datetime.date(2026, 7, 1)).state == UpdateState.OVERDUE


@override_settings(ANNUAL_UPDATE_DEADLINE=(4, 30))
def test_deadline_comes_from_the_setting():
    status = annual_update_status(member_since(datetime.date(2025, 3, 1)), datetime.date(2026, 5, 1))

    assert (status.deadline, status.state) == (datetime.date(2026, 4, 30), UpdateState.OVERDUE)


def member_since(day: datetime.date):
    """An enterprise whose first member an official verified on `day`."""
    from django.utils import timezone

    membership = MembershipFactory(status=MembershipStatus.VERIFIED)
    decided = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    type(membership).objects.filter(pk=membership.pk).update(decided_at=decided)
    return membership.enterprise


@pytest.mark.parametrize(
    ("verified_on", "state"),
    [
        (None, UpdateState.TO_ENTER),  # claimed, not verified yet: nobody could declare
        (datetime.date(2026, 7, 1), UpdateState.TO_ENTER),  # claimed after this year's deadline
        (datetime.date(2026, 5, 31), UpdateState.OVERDUE),  # a member had until the deadline
    ],
)
def test_a_new_claim_is_not_overdue_before_a_deadline_passed_with_figures_due(verified_on, state):
    enterprise = member_since(verified_on) if verified_on else MembershipFactory().enterprise

    assert annual_update_status(enterprise, datetime.date(2026, 12, 3)).state == state


def test_annual_update_done_annotation_for_lists():
    """Read from the stored latest complete year, which every save and removal of figures keeps in step."""
    done, half, none = EnterpriseFactory.create_batch(3)
    AnnualFiguresFactory(enterprise=done, year=2025)
    AnnualFiguresFactory(enterprise=half, year=2025, employees=None, rd_employees=None)

    rows = with_annual_update_done(Enterprise.objects.all(), year=2025)

    assert {e.pk: e.annual_update_done for e in rows} == {done.pk: True, half.pk: False, none.pk: False}


def test_stored_size_class_and_complete_year_agree_with_the_rules(administrator):
    """The bulk writer (seed_demo), the factories (model saves) and the services all store what the rules say."""
    from enterprises import services
    from enterprises.demo import seed_enterprises

    seed_enterprises(count=150, seed=9)
    EnterpriseFactory(industry_code="")  # no sector, no figures
    software = EnterpriseFactory(industry_code="I6513")
    AnnualFiguresFactory(enterprise=software, year=2025, employees=300, revenue=Decimal(100_000_000))
    AnnualFiguresFactory(enterprise=software, year=2024, employees=10, rd_employees=2, revenue=Decimal(1))
    half = EnterpriseFactory(industry_code="C3973")
    AnnualFiguresFactory(enterprise=half, year=2025, employees=None, rd_employees=None)
    moved = EnterpriseFactory(industry_code="C3973")
    AnnualFiguresFactory(enterprise=moved, year=2025, employees=300, revenue=Decimal(100_000_000))
    assert Enterprise.objects.get(pk=moved.pk).size_class == "medium"  # as a manufacturer
    services.enterprise_update(enterprise=moved, actor=administrator, data={"industry_code": "I6513"})

    enterprises = list(Enterprise.objects.prefetch_related("annual_figures"))
    stored = {e.pk: e.size_class for e in enterprises}
    expected = {e.pk: e.computed_size_class().value for e in enterprises}
    complete = {e.pk: e.latest_complete_year for e in enterprises}
    expected_complete = {
        e.pk: max((f.year for f in e.annual_figures.all() if not f.missing_fields()), default=None) for e in enterprises
    }

    assert stored == expected
    assert complete == expected_complete
    assert stored[software.pk] == "large"
    assert stored[half.pk] == "unclassified"
    assert stored[moved.pk] == moved.size_class == "large"  # by the software row, once the code changed
    assert len(set(stored.values())) >= 4
