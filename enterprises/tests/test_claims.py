"""Claims an official can decide: the claimant's proof checked by content, seen only by them and park staff; the
navigation counts the claims waiting; no one decides a claim of their own."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import ClaimProof, Membership, MembershipStatus
from enterprises.services import membership_verify
from portal.core.roles import Role

from .factories import ClaimProofFactory, EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%%EOF\n"


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_claim_carries_its_role_and_every_licence_page_and_letter(client, enterprise_user):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_user)

    client.post(
        reverse("enterprises:claim"),
        {
            "uscc": enterprise.uscc,
            "role": "employee",
            "licence": [upload("page1.pdf"), upload("page2.pdf")],
            "authorisation": [upload("letter.pdf")],
        },
    )

    membership = Membership.objects.get(user=enterprise_user)
    assert membership.role == "employee"
    assert sorted(membership.proofs.values_list("kind", "original_name")) == [
        ("authorisation", "letter.pdf"),
        ("licence", "page1.pdf"),
        ("licence", "page2.pdf"),
    ]


def test_an_employee_without_a_letter_is_asked_for_it_and_nothing_is_stored(client, enterprise_user):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_user)

    response = client.post(
        reverse("enterprises:claim"), {"uscc": enterprise.uscc, "role": "employee", "licence": upload("l.pdf")}
    )

    assert response.context["form"].errors["authorisation"] == [
        "Attach the letter of the enterprise authorising you to act for it."
    ]
    assert f'value="{enterprise.uscc}"' in response.content.decode()  # what was typed is kept
    assert (Membership.objects.count(), ClaimProof.objects.count()) == (0, 0)


def test_a_licence_that_is_not_what_its_name_says_is_refused(client, enterprise_user):
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_user)

    response = client.post(
        reverse("enterprises:claim"),
        {"uscc": enterprise.uscc, "role": "legal_rep", "licence": upload("licence.pdf", b"MZ\x90\x00 not a pdf")},
    )

    assert "licence.pdf: The content of this file is not PDF." in response.content.decode()
    assert (Membership.objects.count(), ClaimProof.objects.count()) == (0, 0)


def test_the_proof_downloads_for_the_claimant_and_officials_only(client, official, make_user):
    proof = ClaimProofFactory()
    url = reverse("enterprises:claim_proof", kwargs={"pk": proof.pk})
    other = make_user(Role.ENTERPRISE)
    statuses = {}
    for name, user in {"claimant": proof.membership.user, "official": official, "other": other}.items():
        client.force_login(user)
        statuses[name] = client.get(url).status_code

    assert statuses == {"claimant": 200, "official": 200, "other": 404}


def test_the_official_reviews_the_proof_and_the_navigation_counts_the_waiting_claims(client, official):
    proof = ClaimProofFactory(membership__role="legal_rep")
    MembershipFactory()
    client.force_login(official)

    home = client.get(reverse("enterprises:claims")).content.decode()
    review = client.get(reverse("enterprises:claim_review", kwargs={"pk": proof.membership.pk})).content.decode()

    assert 'data-testid="pending-claims">2</span>' in home
    assert "Legal representative" in review
    assert reverse("enterprises:claim_proof", kwargs={"pk": proof.pk}) in review


def test_a_user_who_is_official_and_enterprise_cannot_verify_their_own_claim(client, official):
    official.add_role(Role.ENTERPRISE)
    membership = MembershipFactory(user=official)
    client.force_login(official)

    review = client.get(reverse("enterprises:claim_review", kwargs={"pk": membership.pk})).content.decode()
    response = client.post(reverse("enterprises:claim_verify", kwargs={"pk": membership.pk}), follow=True)

    assert 'data-testid="own-claim"' in review
    assert "You cannot decide on your own claim" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_a_member_of_the_enterprise_cannot_verify_a_claim_on_it(official, make_user):
    from django.core.exceptions import PermissionDenied

    official.add_role(Role.ENTERPRISE)
    enterprise = EnterpriseFactory()
    MembershipFactory(user=official, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    friend = MembershipFactory(enterprise=enterprise)

    with pytest.raises(PermissionDenied):
        membership_verify(membership=friend, actor=official)


def test_the_claimant_adds_a_letter_to_a_pending_claim(client, enterprise_user):
    membership = MembershipFactory(user=enterprise_user)
    client.force_login(enterprise_user)

    client.post(
        reverse("enterprises:my_claim", kwargs={"pk": membership.pk}),
        {"kind": "authorisation", "files": upload("letter.pdf")},
    )

    assert list(membership.proofs.values_list("kind", flat=True)) == ["authorisation"]
