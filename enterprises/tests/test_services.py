"""Claims and their verification, profile and figure writes (enterprises.services)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.models import FIGURE_FIELDS, AnnualFigures, Enterprise, IPItem, IPType, Membership, MembershipStatus
from enterprises.selectors import enterprises_by_uscc
from enterprises.services import (
    annual_figures_save,
    enterprise_claim,
    enterprise_item_delete,
    enterprise_item_save,
    enterprise_stubs_create,
    enterprise_update,
    membership_reject,
    membership_verify,
)
from enterprises.size import SizeClass
from portal.core.roles import Role

from .factories import EnterpriseFactory, MembershipFactory, suzhou_uscc

pytestmark = pytest.mark.django_db

NEW_CODE = suzhou_uscc(123456789)


def test_claim_of_a_new_code_creates_the_profile_and_a_pending_membership(enterprise_user):
    membership = enterprise_claim(
        user=enterprise_user, uscc=f" {NEW_CODE.lower()} ", name_zh=" 苏州新芯微电子有限公司 "
    )

    enterprise = Enterprise.objects.get(uscc=NEW_CODE)
    assert (membership.enterprise, membership.user, membership.status) == (
        enterprise,
        enterprise_user,
        MembershipStatus.PENDING,
    )
    assert enterprise.name_zh == "苏州新芯微电子有限公司"
    assert enterprise.history.get().history_user == enterprise_user


def test_claim_of_a_new_code_needs_the_chinese_name(enterprise_user):
    with pytest.raises(ValidationError) as caught:
        enterprise_claim(user=enterprise_user, uscc=NEW_CODE)

    assert list(caught.value.message_dict) == ["name_zh"]
    assert Enterprise.objects.count() == 0


def test_claim_of_an_existing_enterprise_asks_to_join_it(enterprise_user, make_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(enterprise=enterprise, status=MembershipStatus.VERIFIED)

    membership = enterprise_claim(user=enterprise_user, uscc=enterprise.uscc, name_zh="ignored")

    assert membership.enterprise == enterprise
    assert membership.status == MembershipStatus.PENDING
    assert enterprise.memberships.count() == 2
    assert Enterprise.objects.get().name_zh == enterprise.name_zh


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (MembershipStatus.PENDING, "You have already claimed this enterprise; a park official will verify the claim."),
        (MembershipStatus.VERIFIED, "You are already a verified member of this enterprise."),
    ],
)
def test_duplicate_claim_is_refused_with_a_clear_message(enterprise_user, status, message):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=status)

    with pytest.raises(ValidationError) as caught:
        enterprise_claim(user=enterprise_user, uscc=enterprise.uscc)

    assert caught.value.message_dict == {"uscc": [message]}
    assert Membership.objects.count() == 1


def test_claim_with_an_invalid_code_says_what_is_wrong(enterprise_user):
    with pytest.raises(ValidationError) as caught:
        enterprise_claim(user=enterprise_user, uscc="91110000100001936J", name_zh="某公司")

    assert caught.value.message_dict["uscc"][0].startswith("The check character (the 18th) should be “R”")


def test_only_enterprise_users_may_claim(official):
    with pytest.raises(PermissionDenied):
        enterprise_claim(user=official, uscc=NEW_CODE, name_zh="某公司")


def test_official_verifies_a_pending_claim(official):
    membership = MembershipFactory()

    verified = membership_verify(membership=membership, actor=official)

    assert (verified.status, verified.decided_by) == (MembershipStatus.VERIFIED, official)
    assert verified.decided_at is not None
    assert membership.status == MembershipStatus.VERIFIED  # the caller's object is refreshed
    assert membership.user.has_perm("enterprises.apply_for_enterprise", membership.enterprise)


def test_official_rejects_with_a_reason_and_the_claim_stays_closed(official):
    membership = MembershipFactory()
    membership.user.add_role(Role.ENTERPRISE)
    assert not membership.user.has_perm("enterprises.view_enterprise", membership.enterprise)  # pending: closed

    rejected = membership_reject(membership=membership, actor=official, reason="Not an employee of this firm.")

    assert (rejected.status, rejected.reject_reason) == (MembershipStatus.REJECTED, "Not an employee of this firm.")
    assert not membership.user.has_perm("enterprises.view_enterprise", membership.enterprise)


def test_rejection_needs_a_reason(official):
    membership = MembershipFactory()

    with pytest.raises(ValidationError) as caught:
        membership_reject(membership=membership, actor=official, reason="  ")

    assert list(caught.value.message_dict) == ["reject_reason"]
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


@pytest.mark.parametrize("actor_role", [Role.ENTERPRISE, Role.REVIEWER, None])
def test_non_officials_cannot_decide_claims(make_user, actor_role):
    membership = MembershipFactory()
    actor = make_user(actor_role)
    MembershipFactory(user=actor, enterprise=membership.enterprise, status=MembershipStatus.VERIFIED)

    with pytest.raises(PermissionDenied):
        membership_verify(membership=membership, actor=actor)
    with pytest.raises(PermissionDenied):
        membership_reject(membership=membership, actor=actor, reason="no")

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_a_decided_claim_cannot_be_decided_again(official):
    membership = MembershipFactory(status=MembershipStatus.VERIFIED)

    with pytest.raises(ValidationError) as caught:
        membership_reject(membership=membership, actor=official, reason="changed my mind")

    assert caught.value.messages == ["This claim has already been decided: it is Verified."]


def test_verified_member_edits_the_profile_and_history_names_them(enterprise_user):
    membership = MembershipFactory(user=enterprise_user, status=MembershipStatus.VERIFIED)

    enterprise = enterprise_update(
        enterprise=membership.enterprise, actor=enterprise_user, data={"industry_code": "I6513", "niche_since": 2018}
    )

    assert (enterprise.sector.code, enterprise.niche_since) == ("65", 2018)
    assert enterprise.history.first().history_user == enterprise_user


def test_stranger_cannot_edit_a_profile(enterprise_user):
    with pytest.raises(PermissionDenied):
        enterprise_update(enterprise=EnterpriseFactory(), actor=enterprise_user, data={"niche_since": 2018})


def test_annual_figures_save_creates_then_updates_one_row(enterprise_user):
    enterprise = MembershipFactory(user=enterprise_user, status=MembershipStatus.VERIFIED).enterprise

    annual_figures_save(enterprise=enterprise, actor=enterprise_user, year=2024, revenue=Decimal(1000))
    row = annual_figures_save(enterprise=enterprise, actor=enterprise_user, year=2024, employees=12)

    assert AnnualFigures.objects.get() == row
    assert (row.revenue, row.employees) == (Decimal(1000), 12)


def test_figure_writes_keep_the_stored_size_class_and_complete_year_in_step(enterprise_user):
    # C3973, a manufacturer
    enterprise = MembershipFactory(user=enterprise_user, status=MembershipStatus.VERIFIED).enterprise
    assert (enterprise.size_class, enterprise.latest_complete_year) == (SizeClass.UNCLASSIFIED, None)
    full = {"revenue": Decimal(100_000_000), "main_business_revenue": Decimal(90_000_000), "employees": 350}
    full |= {name: 0 for name in FIGURE_FIELDS if name not in full}

    annual_figures_save(enterprise=enterprise, actor=enterprise_user, year=2024, **full)
    assert (enterprise.size_class, enterprise.latest_complete_year) == (SizeClass.MEDIUM, 2024)
    annual_figures_save(
        enterprise=enterprise, actor=enterprise_user, year=2025, employees=25, revenue=Decimal(5_000_000)
    )
    assert (enterprise.size_class, enterprise.latest_complete_year) == (SizeClass.SMALL, 2024)  # 2025 is the latest
    annual_figures_save(enterprise=enterprise, actor=enterprise_user, year=2025, employees=10)
    stored = Enterprise.objects.get(pk=enterprise.pk)
    assert (stored.size_class, stored.latest_complete_year) == (SizeClass.MICRO, 2024)
    annual_figures_save(
        enterprise=enterprise, actor=enterprise_user, year=2025, employees=350, revenue=Decimal(100_000_000)
    )
    assert enterprise.size_class == SizeClass.MEDIUM
    enterprise_update(enterprise=enterprise, actor=enterprise_user, data={"industry_code": "I6513"})
    assert enterprise.size_class == SizeClass.LARGE  # software: 300 staff and 100M yuan reach large
    assert not hasattr(Enterprise.history.model, "size_class")


def test_new_profiles_and_stubs_start_unclassified(enterprise_user, official):
    membership = enterprise_claim(user=enterprise_user, uscc=NEW_CODE, name_zh="苏州新公司")
    ids = enterprise_stubs_create(actor=official, names_by_uscc={suzhou_uscc(77): "苏州某某"})

    rows = Enterprise.objects.filter(pk__in=[membership.enterprise_id, *ids.values()])
    assert set(rows.values_list("size_class", "latest_complete_year")) == {(SizeClass.UNCLASSIFIED, None)}


def test_annual_figures_save_explains_bad_figures(enterprise_user):
    enterprise = MembershipFactory(user=enterprise_user, status=MembershipStatus.VERIFIED).enterprise

    with pytest.raises(ValidationError) as caught:
        annual_figures_save(
            enterprise=enterprise, actor=enterprise_user, year=2024, revenue=Decimal(10), main_business_revenue=20
        )

    assert list(caught.value.message_dict) == ["main_business_revenue"]
    assert AnnualFigures.objects.count() == 0


def test_items_are_saved_and_removed_by_members_only(enterprise_user, make_user):
    enterprise = MembershipFactory(user=enterprise_user, status=MembershipStatus.VERIFIED).enterprise
    item = IPItem(enterprise=enterprise, type=IPType.INVENTION_PATENT, number="ZL1", title="Chip")

    enterprise_item_save(item=item, actor=enterprise_user)
    with pytest.raises(PermissionDenied):
        enterprise_item_delete(item=item, actor=make_user(Role.ENTERPRISE))
    enterprise_item_delete(item=item, actor=enterprise_user)

    assert IPItem.objects.count() == 0
    assert IPItem.history.first().history_type == "-"


def test_officials_register_stubs_for_unknown_codes_only(official):
    known = EnterpriseFactory()
    new_code = suzhou_uscc(55)

    ids = enterprise_stubs_create(actor=official, names_by_uscc={known.uscc: "ignored", new_code.lower(): " 苏州某某 "})

    stub = Enterprise.objects.get(uscc=new_code)
    assert ids == {known.uscc: known.pk, new_code: stub.pk}
    assert (stub.name_zh, stub.history.get().history_user) == ("苏州某某", official)
    assert enterprises_by_uscc({known.uscc, new_code, suzhou_uscc(56)}) == ids


def test_stub_with_a_bad_code_names_it_and_creates_nothing(official):
    with pytest.raises(ValidationError) as caught:
        enterprise_stubs_create(actor=official, names_by_uscc={suzhou_uscc(1): "甲", "91110000100001936J": "乙"})

    assert caught.value.messages[0].startswith("Enterprise 91110000100001936J: The check character")
    assert Enterprise.objects.count() == 0


def test_enterprise_users_cannot_register_stubs(enterprise_user):
    with pytest.raises(PermissionDenied):
        enterprise_stubs_create(actor=enterprise_user, names_by_uscc={suzhou_uscc(1): "甲"})
