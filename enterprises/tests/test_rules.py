"""Permissions on an enterprise: members and park staff see and edit; verified members apply; officials verify."""

import pytest

from enterprises.models import MembershipStatus
from portal.core.roles import Role

from .factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PERMS = ("view_enterprise", "change_enterprise", "apply_for_enterprise", "verify_membership")


def perms_of(user, enterprise) -> dict[str, bool]:
    return {perm: user.has_perm(f"enterprises.{perm}", enterprise) for perm in PERMS}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (MembershipStatus.VERIFIED, (True, True, True, False)),
        (MembershipStatus.PENDING, (False, False, False, False)),
        (MembershipStatus.REJECTED, (False, False, False, False)),
        (None, (False, False, False, False)),
    ],
)
def test_enterprise_user_by_membership_status(enterprise_user, status, expected):
    enterprise = EnterpriseFactory()
    if status is not None:
        MembershipFactory(user=enterprise_user, enterprise=enterprise, status=status, reject_reason="x")

    assert perms_of(enterprise_user, enterprise) == dict(zip(PERMS, expected, strict=True))


def test_official_views_changes_and_verifies_but_does_not_apply(official):
    assert perms_of(official, EnterpriseFactory()) == dict(zip(PERMS, (True, True, False, True), strict=True))


def test_reviewer_has_no_enterprise_permission(reviewer):
    assert perms_of(reviewer, EnterpriseFactory()) == dict.fromkeys(PERMS, False)


def test_only_enterprise_users_claim(enterprise_user, official, make_user):
    assert enterprise_user.has_perm("enterprises.claim_enterprise")
    assert not official.has_perm("enterprises.claim_enterprise")
    assert not make_user(Role.REVIEWER).has_perm("enterprises.claim_enterprise")
