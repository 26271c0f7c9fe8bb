"""Pool pages make as many queries for 50 rows as for 1: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["accreditation:list", "accreditation:pool"])
def test_pool_pages_do_not_query_per_row(client, official, name):
    client.force_login(official)
    AccreditationFactory(tier=tier("little-giant"))
    one = queries(client, reverse(name))
    for _ in range(49):
        AccreditationFactory(tier=tier("innovative"))

    assert queries(client, reverse(name)) == one


def test_the_timeline_does_not_query_per_event(client, official, enterprise_user):
    enterprise = EnterpriseFactory()
    Membership.objects.create(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    client.force_login(enterprise_user)
    url = reverse("accreditation:timeline", kwargs={"enterprise_pk": enterprise.pk})
    AccreditationFactory(enterprise=enterprise, tier=tier("innovative"))
    one = queries(client, url)
    for code in ("specialized", "little-giant", "park-pool"):
        AccreditationFactory(enterprise=enterprise, tier=tier(code))

    assert queries(client, url) == one
