"""Every form of the enterprise pages, driven with arbitrary input: never a 500, and an invalid form writes nothing.

The Django test client re-raises any exception a view lets through, so "no 500" is "no exception".
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enterprises.forms import SECTIONS
from enterprises.models import FIGURE_FIELDS, AnnualFigures, Enterprise, Membership, MembershipStatus
from enterprises.presentation import ITEM_KINDS
from enterprises.tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

values = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["", "on", "true", "false", "2024-02-30", "2020-01-01", "C3973", "320571", "invention-patent"]),
)


def posted(fields):
    return st.dictionaries(st.sampled_from(sorted(fields)), values, max_size=len(fields))


def _history_rows(enterprise) -> tuple[int, ...]:
    return (
        Enterprise.history.filter(id=enterprise.pk).count(),
        AnnualFigures.history.filter(enterprise_id=enterprise.pk).count(),
        *(kind.model.history.filter(enterprise_id=enterprise.pk).count() for kind in ITEM_KINDS.values()),
        Membership.objects.count(),
        Enterprise.objects.count(),
    )


def check(client, url, data, enterprise):
    before = _history_rows(enterprise)
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # the form came back with errors: nothing was written
        assert _history_rows(enterprise) == before
    return response


@pytest.fixture
def member(client, enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    client.force_login(enterprise_user)
    return enterprise


@pytest.mark.parametrize("section", list(SECTIONS))
@FUZZ
@given(data=st.data())
def test_profile_sections(client, member, section, data):
    fields = SECTIONS[section][1]
    url = reverse("enterprises:edit_section", kwargs={"pk": member.pk, "section": section})
    check(client, url, data.draw(posted(fields)), member)


@FUZZ
@given(data=st.data())
def test_yearly_figures(client, member, data):
    year = data.draw(st.sampled_from([timezone.localdate().year - offset for offset in (0, 1, 2, 3, 4)]))
    payload = {f"y{year}-{name}": value for name, value in data.draw(posted(FIGURE_FIELDS)).items()}
    payload["year"] = data.draw(st.one_of(st.just(str(year)), st.text(max_size=6)))
    check(client, reverse("enterprises:figures", kwargs={"pk": member.pk}), payload, member)


@pytest.mark.parametrize("kind", list(ITEM_KINDS))
@FUZZ
@given(data=st.data())
def test_records(client, member, kind, data):
    fields = [
        field.name
        for field in ITEM_KINDS[kind].model._meta.concrete_fields
        if field.editable and field.name not in ("id", "enterprise", "created", "updated")
    ]
    url = reverse("enterprises:item_add", kwargs={"pk": member.pk, "kind": kind})
    check(client, url, data.draw(posted(fields)), member)


@FUZZ
@given(payload=posted(["uscc", "name_zh"]))
def test_claim(client, member, payload):
    check(client, reverse("enterprises:claim"), payload, member)


@FUZZ
@given(payload=posted(["reason"]))
def test_claim_rejection(client, official, enterprise_user, payload):
    claim = MembershipFactory(user=enterprise_user)
    client.force_login(official)

    response = client.post(reverse("enterprises:claim_reject", kwargs={"pk": claim.pk}), payload)

    claim.refresh_from_db()
    assert response.status_code == 302
    if not payload.get("reason", "").strip() or "\x00" in payload.get("reason", ""):
        assert claim.status == MembershipStatus.PENDING
