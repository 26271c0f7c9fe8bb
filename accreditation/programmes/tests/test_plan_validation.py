"""Setting a plan and its targets: years inside the plan, targets zero or more, one target per tier and year,
park staff only; a refused form keeps what was typed and says why, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accreditation.models import Tier
from accreditation.programmes import services
from accreditation.programmes.models import CultivationPlan, PlanTarget

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(official):
    return services.plan_create(
        actor=official, code="sip-2021", name="SIP little giants 2021-2023", first_year=2021, last_year=2023
    )


def giant() -> Tier:
    return Tier.objects.get(code="little-giant")


def test_targets_are_set_cleared_and_changed_in_one_go(plan, official):
    services.plan_targets_set(actor=official, plan=plan, targets=[(giant().pk, 2021, 5), (giant().pk, 2022, 8)])
    count = services.plan_targets_set(
        actor=official, plan=plan, targets=[(giant().pk, 2021, None), (giant().pk, 2022, 9)]
    )

    assert count == 1
    assert list(PlanTarget.objects.values_list("year", "target")) == [(2022, 9)]


def test_a_year_outside_the_plan_is_refused_and_nothing_is_saved(plan, official):
    with pytest.raises(ValidationError) as refused:
        services.plan_targets_set(actor=official, plan=plan, targets=[(giant().pk, 2022, 5), (giant().pk, 2024, 9)])
    assert refused.value.messages == ["2024 is outside the plan (2021-2023)."]
    assert PlanTarget.objects.count() == 0


def test_a_negative_target_is_refused(plan, official):
    with pytest.raises(ValidationError) as refused:
        services.plan_targets_set(actor=official, plan=plan, targets=[(giant().pk, 2022, -1)])
    assert refused.value.messages == ["A target cannot be negative."]


def test_the_same_tier_and_year_twice_is_refused(plan, official):
    with pytest.raises(ValidationError) as refused:
        services.plan_targets_set(actor=official, plan=plan, targets=[(giant().pk, 2022, 5), (giant().pk, 2022, 6)])
    assert refused.value.messages == ["A tier's target for a year is given twice."]
    PlanTarget.objects.create(plan=plan, tier=giant(), year=2022, target=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanTarget.objects.create(plan=plan, tier=giant(), year=2022, target=6)


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        (2023, 2021, "last_year", "The last year cannot come before the first year."),
        (2021, 2040, "last_year", "A plan spans at most 10 years."),
        (1999, 2001, "first_year", "Ensure this value is greater than or equal to 2000."),
    ],
)
def test_the_plans_years_are_checked(official, first, last, field, message):
    with pytest.raises(ValidationError) as refused:
        services.plan_create(actor=official, code="x", name="X", first_year=first, last_year=last)
    assert refused.value.message_dict[field] == [message]


def test_a_plan_cannot_shrink_past_its_targets(plan, official):
    services.plan_targets_set(actor=official, plan=plan, targets=[(giant().pk, 2023, 5)])
    with pytest.raises(ValidationError) as refused:
        services.plan_update(actor=official, plan=plan, code=plan.code, name=plan.name, first_year=2021, last_year=2022)
    assert refused.value.messages == ["Targets are set for 2023, outside these years: clear them first."]
    plan.refresh_from_db()
    assert plan.last_year == 2023


def test_only_park_staff_set_plans(enterprise_user, reviewer, plan):
    for user in (enterprise_user, reviewer):
        with pytest.raises(PermissionDenied):
            services.plan_create(actor=user, code="y", name="Y", first_year=2021, last_year=2022)
        with pytest.raises(PermissionDenied):
            services.plan_targets_set(actor=user, plan=plan, targets=[(giant().pk, 2022, 1)])


def test_a_negative_target_typed_in_the_grid_comes_back_with_the_reason_and_every_typed_value(client, official, plan):
    client.force_login(official)
    url = reverse("programmes:targets", kwargs={"code": plan.code})
    field = f"target_{giant().pk}_2022"
    other = f"target_{giant().pk}_2023"

    response = client.post(url, {field: "-3", other: "12"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in page
    assert 'value="-3"' in page and 'value="12"' in page
    assert PlanTarget.objects.count() == 0


def test_a_duplicate_code_is_refused_on_the_form_with_what_was_typed(client, official, plan):
    client.force_login(official)
    response = client.post(
        reverse("programmes:create"), {"code": plan.code, "name": "Again", "first_year": "2024", "last_year": "2026"}
    )
    assert response.status_code == 200
    assert "Cultivation plan with this Code already exists." in response.content.decode()
    assert 'value="Again"' in response.content.decode()
    assert CultivationPlan.objects.count() == 1


def test_a_bad_date_on_the_progress_page_is_said_not_a_500(client, official, plan):
    client.force_login(official)
    response = client.get(reverse("programmes:detail", kwargs={"code": plan.code}), {"as_of": "2024-13-45"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_an_official_creates_a_plan_sets_targets_and_reads_its_progress(client, official):
    client.force_login(official)
    response = client.post(
        reverse("programmes:create"),
        {"code": "sip-2021", "name": "SIP little giants 2021-2023", "first_year": "2021", "last_year": "2023"},
    )
    assert response["Location"] == reverse("programmes:targets", kwargs={"code": "sip-2021"})
    response = client.post(response["Location"], {f"target_{giant().pk}_2023": "10"})
    assert response["Location"] == reverse("programmes:detail", kwargs={"code": "sip-2021"})
    page = client.get(response["Location"], {"as_of": "2023-06-30"}).content.decode()
    assert 'data-testid="target-little-giant">10<' in page
