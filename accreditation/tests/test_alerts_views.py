"""The officials' alerts page: filters in the URL, counts per kind, no query per row, closed to everyone else; and
the enterprise's alert notices, each in its own members' inbox only."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.alerts.models import Alert, AlertKind
from accreditation.alerts.selectors import alert_counts
from accreditation.notices.models import Notice
from accreditation.tests.applications import member_of
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.test_alerts import assess, refresh
from accreditation.tests.test_reevaluation import healthy_enterprise
from enterprises.models import Sector
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
K = AlertKind
URL = reverse("accreditation:alerts")


def raise_alert(kind, enterprise, *, code=None, created=None, due_on=None, resolved=None, accreditation=None):
    created = created or timezone.now()
    return Alert.objects.create(
        kind=kind,
        enterprise=enterprise,
        tier=tier(code) if code else None,
        accreditation=accreditation,
        due_on=due_on,
        key=f"test:{kind}:{enterprise.pk}:{code}:{created.isoformat()}",
        created=created,
        resolved=resolved,
    )


def listed(response) -> list[tuple[str, str]]:
    """(kind, enterprise id) of the rows shown, in order."""
    return re.findall(r'<tr data-kind="([a-z_]+)" data-enterprise="(\d+)"', response.content.decode())


@pytest.fixture
def staff(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def world():
    kunshan = EnterpriseFactory(district="320583", industry_code="I6510", sector=Sector.objects.get(code="65"))
    park = EnterpriseFactory(district="320571")
    now = timezone.now()
    soon = timezone.localdate() + dt.timedelta(days=20)
    later = timezone.localdate() + dt.timedelta(days=80)
    record = AccreditationFactory(enterprise=park, tier=tier("innovative"), valid_until=soon)
    return {
        "kunshan": kunshan,
        "park": park,
        "higher": raise_alert(K.ELIGIBLE_HIGHER, kunshan, code="innovative", created=now - dt.timedelta(days=10)),
        "soon": raise_alert(
            K.EXPIRING, park, code="innovative", due_on=soon, accreditation=record, created=now - dt.timedelta(days=1)
        ),
        "later": raise_alert(K.EXPIRING, kunshan, code="specialized", due_on=later, created=now),
        "missed": raise_alert(K.UPDATE_MISSED, park, due_on=dt.date(2026, 5, 31), created=now - dt.timedelta(days=3)),
        "old": raise_alert(
            K.ELIGIBLE_HIGHER, park, code="park-pool", created=now - dt.timedelta(days=40), resolved=now
        ),
    }


def rows(world, *names) -> list[tuple[str, str]]:
    return [(world[name].kind, str(world[name].enterprise_id)) for name in names]


def test_the_page_lists_open_alerts_newest_first_with_the_counts_per_kind(staff, world):
    response = staff.get(URL)

    assert response.status_code == 200
    assert listed(response) == rows(world, "later", "soon", "missed", "higher")
    page = response.content.decode()
    assert alert_counts() == {K.ELIGIBLE_HIGHER: 1, K.CRITERIA_UNMET: 0, K.EXPIRING: 2, K.UPDATE_MISSED: 1}
    for kind, count in alert_counts().items():
        assert re.search(rf'data-testid="count-{kind}">[^<]*<span class="badge[^"]*">{count}</span>', page)
    assert re.search(r'data-testid="count-expiring-soon">[^<]*<span class="badge[^"]*">1</span>', page)
    # Only the title within 30 days is marked; each row links to its enterprise and eligibility page.
    assert page.count('data-testid="expiring-soon"') == 1
    assert reverse("enterprises:detail", args=[world["park"].pk]) in page
    assert reverse("accreditation:eligibility", args=[world["kunshan"].pk]) in page
    assert reverse("accreditation:detail", args=[world["soon"].accreditation_id]) in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": K.EXPIRING}, ["later", "soon"]),
        ({"tier": "innovative"}, ["soon", "higher"]),
        ({"district": "320583"}, ["later", "higher"]),
        ({"sector": "I"}, ["later", "higher"]),
        ({"soon": "true"}, ["soon"]),
        ({"state": "resolved"}, ["old"]),
        ({"state": "all", "tier": "park-pool"}, ["old"]),
        ({"kind": K.CRITERIA_UNMET}, []),
    ],
)
def test_filters_narrow_the_list_and_live_in_the_url(staff, world, query, expected):
    if "sector" in query:
        query = {"sector": Sector.objects.get(code=query["sector"]).pk}

    response = staff.get(URL, query)

    assert listed(response) == rows(world, *expected)
    if not expected:
        assert "No alert matches these filters." in response.content.decode()


def test_the_raised_date_filters(staff, world):
    today = timezone.localdate()
    since = (today - dt.timedelta(days=5)).isoformat()
    until = (today - dt.timedelta(days=2)).isoformat()

    assert listed(staff.get(URL, {"raised_from": since})) == rows(world, "later", "soon", "missed")
    assert listed(staff.get(URL, {"raised_from": since, "raised_to": until})) == rows(world, "missed")


def test_bad_filters_and_pages_answer_on_the_page_never_with_an_error(staff, world):
    response = staff.get(URL, {"raised_from": "2026-02-31", "kind": "no-such-kind"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert 'value="2026-02-31"' in response.content.decode()  # what was typed stays
    assert listed(staff.get(URL, {"sort": "no-such-column"})) == rows(world, "later", "soon", "missed", "higher")
    # A page past the end or not a number shows a page of the list.
    assert listed(staff.get(URL, {"page": "999"})) == rows(world, "later", "soon", "missed", "higher")
    assert listed(staff.get(URL, {"page": "abc"})) == rows(world, "later", "soon", "missed", "higher")


def test_fifty_rows_cost_the_same_queries_as_one(staff):
    raise_alert(K.ELIGIBLE_HIGHER, EnterpriseFactory(), code="innovative")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(URL).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(49):
        raise_alert(K.UPDATE_MISSED, EnterpriseFactory(), due_on=dt.date(2026, 5, 31))
    assert queries() == one


def test_enterprise_users_and_reviewers_cannot_open_the_page(client, enterprise_user, reviewer, world):
    for user in (enterprise_user, reviewer):
        client.force_login(user)
        assert client.get(URL).status_code == 404


def test_the_officials_navigation_shows_the_open_alert_count(staff, client, enterprise_user, world):
    page = staff.get(reverse("accreditation:pool")).content.decode()
    assert re.search(r'data-testid="alerts-link">Alerts <span [^>]*data-testid="open-alerts">4</span>', page)

    client.force_login(enterprise_user)
    assert 'data-testid="alerts-link"' not in client.get(reverse("notices:inbox")).content.decode()


# --- the enterprise's side: notices in the inbox -----------------------------------------------------------------


@pytest.fixture
def two_enterprises():
    """Two enterprises eligible for the park pool and innovative, each with one member, alerts raised."""
    ours, theirs = healthy_enterprise(), healthy_enterprise()
    us, them = member_of(ours, full_name="Li Na"), member_of(theirs, full_name="Chen Jie")
    assess(ours, theirs)
    refresh(ours, theirs)
    return ours, theirs, us, them


def test_an_enterprise_user_sees_its_own_alert_notices_and_never_another_enterprises(client, two_enterprises):
    ours, theirs, us, _them = two_enterprises
    client.force_login(us)

    page = client.get(reverse("notices:inbox")).content.decode()

    assert page.count(f"{ours.name_en} is eligible for") == 2
    assert theirs.name_en not in page
    assert page.count('data-testid="notice-link"') == 2


def test_an_alert_notice_opens_its_page_and_is_marked_read(client, two_enterprises):
    ours, _theirs, us, them = two_enterprises
    notice = Notice.objects.filter(user=us).first()
    client.force_login(us)

    response = client.get(reverse("notices:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("accreditation:eligibility", args=[ours.pk])
    assert client.get(response["Location"]).status_code == 200
    notice.refresh_from_db()
    assert notice.read_at is not None
    their_notice = Notice.objects.filter(user=them).first()
    assert client.get(reverse("notices:open", args=[their_notice.pk])).status_code == 404


def test_a_notice_without_a_page_or_with_a_page_elsewhere_opens_nothing(client, enterprise_user):
    bare = Notice.objects.create(user=enterprise_user, kind="submitted", key="event:1", subject="S", body="B")
    elsewhere = Notice.objects.create(
        user=enterprise_user, kind="submitted", key="event:2", subject="S", body="B", url="https://evil.example/"
    )
    client.force_login(enterprise_user)

    assert client.get(reverse("notices:open", args=[bare.pk])).status_code == 404
    assert client.get(reverse("notices:open", args=[elsewhere.pk])).status_code == 404
    assert 'data-testid="notice-link"' not in client.get(reverse("notices:inbox")).content.decode()
