"""A claim nobody has verified opens nothing: the claimant of someone else's enterprise (its USCC is public) reads
and changes none of its profile, figures, IP, eligibility, titles, applications or documents until an official
verifies the claim."""

import pytest
from django.urls import reverse

from accreditation.selectors import accreditations_visible_to
from accreditation.tests.applications import Journey, member_of
from accreditation.tests.factories import AccreditationFactory
from enterprises.models import IPItem, MembershipStatus
from enterprises.selectors import enterprises_visible_to
from enterprises.tests.factories import IPItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim():
    """An enterprise with a verified member, a draft application with its documents, a title and an IP item;
    and a stranger whose claim of it is pending."""
    journey = Journey()
    journey.upload_required()
    enterprise = journey.enterprise
    claimant = member_of(enterprise, status=MembershipStatus.PENDING, full_name="Mallory")
    return {
        "journey": journey,
        "enterprise": enterprise,
        "claimant": claimant,
        "item": IPItemFactory(enterprise=enterprise),
        "record": AccreditationFactory(enterprise=enterprise),
        "document": journey.application.documents.first(),
    }


def test_a_pending_claim_holds_no_permission_on_the_enterprise(victim):
    claimant, enterprise = victim["claimant"], victim["enterprise"]
    application = victim["journey"].application

    for perm in (
        "enterprises.view_enterprise",
        "enterprises.change_enterprise",
        "enterprises.apply_for_enterprise",
        "accreditation.view_timeline",
        "accreditation.view_eligibility",
    ):
        assert not claimant.has_perm(perm, enterprise), perm
    assert not claimant.has_perm("accreditation.view_application", application)
    assert not claimant.has_perm("accreditation.view_accreditation", victim["record"])


def test_a_pending_claim_sees_the_enterprise_in_no_queryset(victim):
    claimant = victim["claimant"]

    assert not enterprises_visible_to(claimant).filter(pk=victim["enterprise"].pk).exists()
    assert not accreditations_visible_to(claimant).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("enterprises:detail", lambda v: {"pk": v["enterprise"].pk}),
        ("enterprises:figures", lambda v: {"pk": v["enterprise"].pk}),
        ("enterprises:edit_section", lambda v: {"pk": v["enterprise"].pk, "section": "identity"}),
        ("enterprises:items", lambda v: {"pk": v["enterprise"].pk, "kind": "ip"}),
        ("accreditation:eligibility", lambda v: {"enterprise_pk": v["enterprise"].pk}),
        ("accreditation:timeline", lambda v: {"enterprise_pk": v["enterprise"].pk}),
        ("accreditation:detail", lambda v: {"pk": v["record"].pk}),
        ("applications:detail", lambda v: {"pk": v["journey"].application.pk}),
        ("applications:document", lambda v: {"pk": v["document"].pk}),
        ("applications:start", lambda v: {"enterprise_pk": v["enterprise"].pk}),
    ],
)
def test_every_page_of_the_enterprise_is_a_404_to_a_pending_claimant(client, victim, name, kwargs):
    client.force_login(victim["claimant"])

    assert client.get(reverse(name, kwargs=kwargs(victim))).status_code == 404


def test_a_pending_claimant_cannot_delete_an_ip_item_nor_change_figures(client, victim):
    client.force_login(victim["claimant"])
    enterprise, item = victim["enterprise"], victim["item"]

    delete = client.post(
        reverse("enterprises:item_delete", kwargs={"pk": enterprise.pk, "kind": "ip", "item_pk": item.pk})
    )
    figures = client.post(reverse("enterprises:figures", kwargs={"pk": enterprise.pk}), {"year": "2025"})

    assert (delete.status_code, figures.status_code) == (404, 404)
    assert IPItem.objects.filter(pk=item.pk).exists()


def test_the_claimant_may_in_once_an_official_verifies(client, victim):
    from enterprises.services import membership_verify

    membership = victim["enterprise"].memberships.get(user=victim["claimant"])
    membership_verify(membership=membership, actor=victim["journey"].official)
    client.force_login(victim["claimant"])

    assert client.get(reverse("enterprises:detail", kwargs={"pk": victim["enterprise"].pk})).status_code == 200


def test_the_eligibility_page_offers_apply_buttons_only_where_they_open(client, victim, official):
    from portal.core.roles import Role

    url = reverse("accreditation:eligibility", kwargs={"enterprise_pk": victim["enterprise"].pk})
    official.add_role(Role.ENTERPRISE)  # both roles, but no member of this enterprise
    client.force_login(official)
    staff_page = client.get(url).content.decode()
    client.force_login(victim["journey"].applicant)
    member_page = client.get(url).content.decode()

    assert 'data-testid="apply-link"' not in staff_page
    start = reverse("applications:start", kwargs={"enterprise_pk": victim["enterprise"].pk})
    assert 'data-testid="apply-link"' in member_page
    assert client.get(start).status_code == 200
