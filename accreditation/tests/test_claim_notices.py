"""A claim is told: its enterprise's verified members hear that someone claimed it; the claimant and those members
hear the decision, in the inbox and by email, in each recipient's language, with the reason on rejection."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accreditation.notices.models import Notice
from accreditation.tests.applications import member_of, user_with
from enterprises.models import MembershipStatus
from enterprises.services import enterprise_claim, membership_reject, membership_verify
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db

LICENCE = SimpleUploadedFile("licence.pdf", b"%PDF-1.7\n%%EOF\n")


@pytest.fixture
def claimed(mailoutbox, django_capture_on_commit_callbacks):
    enterprise = EnterpriseFactory(name_zh="苏州星河精密机械有限公司")
    owner = member_of(enterprise, full_name="Zhou Min", email="zhou@example.com")
    claimant = user_with(Role.ENTERPRISE, full_name="Mallory", email="mallory@example.com", language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):  # the notices go out after commit
        membership = enterprise_claim(
            user=claimant, uscc=enterprise.uscc, role="employee", proofs=[("licence", LICENCE)]
        )
    return {"enterprise": enterprise, "owner": owner, "claimant": claimant, "membership": membership}


def test_the_verified_members_hear_of_a_new_claim_and_the_claimant_of_nothing_yet(claimed, mailoutbox):
    (notice,) = Notice.objects.all()

    assert notice.user == claimed["owner"]
    assert notice.subject == "苏州星河精密机械有限公司 was claimed in the portal"
    assert "Mallory (mallory@example.com)" in notice.body
    assert [mail.to for mail in mailoutbox] == [["zhou@example.com"]]


def test_a_verification_reaches_the_claimant_in_their_language_and_the_members(
    claimed, mailoutbox, django_capture_on_commit_callbacks
):
    official = user_with(Role.OFFICIAL)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        membership_verify(membership=claimed["membership"], actor=official)

    claimant_notice = Notice.objects.get(user=claimed["claimant"])
    owner_notice = Notice.objects.get(user=claimed["owner"], kind="claim_verified")
    assert claimant_notice.subject == "您对苏州星河精密机械有限公司的认领已通过核验"
    assert owner_notice.subject == "Mallory is now a member of 苏州星河精密机械有限公司"
    assert sorted(mail.to[0] for mail in mailoutbox) == ["mallory@example.com", "zhou@example.com"]


def test_a_rejection_gives_everyone_the_reason(claimed, django_capture_on_commit_callbacks):
    official = user_with(Role.OFFICIAL)

    with django_capture_on_commit_callbacks(execute=True):
        membership_reject(membership=claimed["membership"], actor=official, reason="Not on the payroll.")

    claimant_notice = Notice.objects.get(user=claimed["claimant"])
    owner_notice = Notice.objects.get(user=claimed["owner"], kind="claim_rejected")
    assert "Not on the payroll." in claimant_notice.body
    assert "Not on the payroll." in owner_notice.body
    claimed["membership"].refresh_from_db()
    assert claimed["membership"].status == MembershipStatus.REJECTED
