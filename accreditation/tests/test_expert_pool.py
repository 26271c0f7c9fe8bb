"""The expert pool: officials keep every expert's profile, an expert their own availability and relations; the
demo seeds experts with profiles."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accreditation.applications.expert_demo import EXPERTS, seed_experts
from accreditation.applications.experts import expert_profile_update
from accreditation.applications.models import ExpertProfile
from accreditation.tests.applications import user_with
from accreditation.tests.experts import expert
from enterprises.models import Sector
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role
from portal.demo import seed_demo_accounts

pytestmark = pytest.mark.django_db


def test_an_official_keeps_an_expert_s_profile_from_the_pool_page(client):
    official = user_with(Role.OFFICIAL)
    newcomer = user_with(Role.REVIEWER, full_name="Ma Jun")
    related = EnterpriseFactory()
    client.force_login(official)
    assert "No expert profile: never drawn" in client.get(reverse("applications:experts")).content.decode()

    response = client.post(
        reverse("applications:expert_edit", kwargs={"pk": newcomer.pk}),
        {
            "sections": [Sector.objects.get(code="C").pk, Sector.objects.get(code="I").pk],
            "available": "on",
            "employer": "Soochow University",
            "employer_uscc": "",
            "relations": f"{related.uscc.lower()}\n",
        },
    )

    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=newcomer)
    assert sorted(profile.sections.values_list("code", flat=True)) == ["C", "I"]
    assert (profile.available, profile.employer, list(profile.relations.all())) == (
        True,
        "Soochow University",
        [related],
    )
    assert profile.history.latest().history_user == official
    page = client.get(reverse("applications:experts")).content.decode()
    assert "Soochow University" in page


def test_an_unknown_uscc_is_refused_and_what_was_typed_stays(client):
    official = user_with(Role.OFFICIAL)
    newcomer = expert("Ma Jun")
    client.force_login(official)
    response = client.post(
        reverse("applications:expert_edit", kwargs={"pk": newcomer.pk}),
        {"employer": "Somewhere", "relations": "91320594MA1XXXXX0X", "employer_uscc": "123"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["relations"] == ["No enterprise has this USCC: 91320594MA1XXXXX0X."]
    assert "employer_uscc" in form.errors
    assert 'value="Somewhere"' in response.content.decode()


def test_a_field_id_past_the_database_s_integers_is_refused_not_a_server_error(client):
    official = user_with(Role.OFFICIAL)
    newcomer = expert("Ma Jun")
    client.force_login(official)
    response = client.post(
        reverse("applications:expert_edit", kwargs={"pk": newcomer.pk}),
        {"employer": "Somewhere", "sections": [str(2**64)]},
    )
    assert response.status_code == 400
    assert "sections" in response.context["form"].errors
    assert 'value="Somewhere"' in response.content.decode()


def test_an_expert_changes_only_their_availability_and_relations(client):
    me = expert("Zhang Wei", employer="Soochow University")
    related = EnterpriseFactory()
    client.force_login(me)
    back = datetime.date(2027, 1, 31)
    response = client.post(
        reverse("applications:my_expert_profile"),
        {"unavailable_until": back.isoformat(), "relations": related.uscc, "employer": "Forged"},
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=me)
    assert (profile.available, profile.unavailable_until, profile.employer) == (False, back, "Soochow University")
    assert list(profile.relations.all()) == [related]
    with pytest.raises(PermissionDenied):
        expert_profile_update(actor=me, expert=me, data={"employer": "Forged"})
    other = expert("Li Lei")
    with pytest.raises(PermissionDenied):
        expert_profile_update(actor=me, expert=other, data={"available": False})


def test_the_demo_experts_have_profiles_and_a_second_run_adds_nothing():
    seed_demo_accounts()
    employer = EnterpriseFactory()
    assert seed_experts(seed=2026) == len(EXPERTS)
    assert seed_experts(seed=2026) == 0
    reviewer = ExpertProfile.objects.get(user__email="reviewer@example.com")
    assert sorted(reviewer.sections.values_list("code", flat=True)) == ["C", "I"]
    assert reviewer.employer.startswith("Soochow University")
    assert ExpertProfile.objects.filter(employer_uscc=employer.uscc).count() == 1
    assert ExpertProfile.objects.filter(available=False).count() == 1


def test_the_pool_page_reads_a_constant_number_of_queries_whatever_the_number_of_experts(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    official = user_with(Role.OFFICIAL)
    client.force_login(official)
    related = EnterpriseFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("applications:experts")).status_code == 200
        return len(captured)

    expert("First", relations=[related])
    few = queries()
    for index in range(5):
        expert(f"More {index}", sections=("C", "I"), relations=[related])
    user_with(Role.REVIEWER)  # without a profile
    assert queries() == few
