"""Lists and detail pages make as many queries for 50 rows as for 1: no query per row.

Each page is opened by the visitor it is for, with one row of what it lists (or of the related rows a detail page
shows), then with fifty; the number of queries must not change. Pages already measured elsewhere:
enterprises:list and the enterprise history (enterprises/tests/test_views_official.py), accreditation:list, :pool
and :timeline (accreditation/tests/test_query_counts.py), applications:queue
(accreditation/tests/test_application_views.py), accreditation:alerts (accreditation/tests/test_alerts_views.py)
and the dashboard (portal/tests/test_dashboard.py).
"""

import datetime
import itertools
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.applications import services
from accreditation.eligibility.reevaluation import reevaluate_enterprise
from accreditation.models import Tier
from accreditation.notices.models import Notice
from accreditation.tests.applications import Journey, member_of, user_with
from accreditation.tests.factories import AccreditationFactory, open_round, tier
from enterprises.models import Membership, MembershipStatus
from enterprises.tests.factories import EnterpriseFactory, IPItemFactory, MembershipFactory
from portal.core.roles import Role
from portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def assert_constant(client, url: str, add: Callable[[], object]) -> None:
    """`add()` makes one more row of what the page at `url` shows; there is one already."""
    client.get(url)  # sessions, caches and lazily loaded reference data settle on the first visit
    one = queries(client, url)
    for _ in range(49):
        add()
    fifty = queries(client, url)
    assert fifty == one, f"{url}: {one} queries for 1 row, {fifty} for 50"


GRANTED = itertools.count()


def title_of(enterprise):
    """Another title of `enterprise`: granted a day earlier than the last (one per tier and grant date)."""
    granted_on = datetime.date.today() - datetime.timedelta(days=365 + next(GRANTED))
    return AccreditationFactory(enterprise=enterprise, tier=tier("innovative"), granted_on=granted_on)


def own_enterprise(user):
    enterprise = EnterpriseFactory()
    Membership.objects.create(user=user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    return enterprise


# --- lists ---------------------------------------------------------------------------------------------------------
def test_my_enterprises(client, enterprise_user):
    client.force_login(enterprise_user)
    own_enterprise(enterprise_user)
    assert_constant(client, reverse("enterprises:mine"), lambda: own_enterprise(enterprise_user))


def test_the_claims_queue(client, official):
    client.force_login(official)

    def claim():
        user = UserFactory()
        user.add_role(Role.ENTERPRISE)
        MembershipFactory(user=user)

    claim()
    assert_constant(client, reverse("enterprises:claims"), claim)


def test_the_ip_items_of_an_enterprise(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = own_enterprise(enterprise_user)
    IPItemFactory(enterprise=enterprise)
    url = reverse("enterprises:items", kwargs={"pk": enterprise.pk, "kind": "ip"})
    assert_constant(client, url, lambda: IPItemFactory(enterprise=enterprise))


def test_my_titles(client, enterprise_user):
    client.force_login(enterprise_user)

    def title():
        AccreditationFactory(enterprise=own_enterprise(enterprise_user), tier=tier("innovative"))

    title()
    assert_constant(client, reverse("accreditation:mine"), title)


def test_my_applications(client, enterprise_user):
    client.force_login(enterprise_user)
    park_pool = Tier.objects.get(code="park-pool")
    open_round(park_pool)

    def application():
        services.application_create(actor=enterprise_user, enterprise=own_enterprise(enterprise_user), tier=park_pool)

    application()
    assert_constant(client, reverse("applications:mine"), application)


def test_my_reviews(client, reviewer, official):
    client.force_login(reviewer)

    def assignment():
        journey = Journey(official=official)
        journey.to("under_review")
        journey.assign(reviewer)

    assignment()
    assert_constant(client, reverse("applications:reviews"), assignment)


def test_the_inbox(client, enterprise_user, official):
    client.force_login(enterprise_user)
    journey = Journey(official=official)

    def notice():
        Notice.objects.create(
            user=enterprise_user,
            kind="submitted",
            url=reverse("applications:detail", kwargs={"pk": journey.pk}),
            key=f"k{next(GRANTED)}",
            subject="S",
            body="B",
        )

    notice()
    assert_constant(client, reverse("notices:inbox"), notice)


def test_the_home_of_an_enterprise_user(client, enterprise_user):
    client.force_login(enterprise_user)

    def title():
        return AccreditationFactory(enterprise=own_enterprise(enterprise_user), tier=tier("innovative"))

    # The home shows the path of the enterprise asked for (else the first by name, which the factory's numbered
    # names may change as claims are added): the same one each visit, with forty-nine more claims beside it.
    shown = title().enterprise
    assert_constant(client, f"{reverse('home')}?enterprise={shown.pk}", title)


# --- details: one object, fifty related rows -----------------------------------------------------------------------
def test_an_enterprise_with_fifty_titles_and_fifty_ip_items(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = own_enterprise(enterprise_user)

    def rows():
        title_of(enterprise)
        IPItemFactory(enterprise=enterprise)

    rows()
    assert_constant(client, reverse("enterprises:detail", kwargs={"pk": enterprise.pk}), rows)


def test_an_enterprise_with_fifty_members(client, official):
    client.force_login(official)
    enterprise = EnterpriseFactory()
    member_of(enterprise)
    url = reverse("enterprises:detail", kwargs={"pk": enterprise.pk})
    assert_constant(client, url, lambda: member_of(enterprise))


def test_the_timeline_of_fifty_titles(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = own_enterprise(enterprise_user)
    title_of(enterprise)
    url = reverse("accreditation:timeline", kwargs={"enterprise_pk": enterprise.pk})
    assert_constant(client, url, lambda: title_of(enterprise))


def test_a_title_of_an_enterprise_with_fifty_titles(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = own_enterprise(enterprise_user)
    record = title_of(enterprise)
    url = reverse("accreditation:detail", kwargs={"pk": record.pk})
    assert_constant(client, url, lambda: title_of(enterprise))


def test_the_eligibility_of_an_enterprise_with_fifty_titles_and_ip_items(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = own_enterprise(enterprise_user)

    def rows():
        title_of(enterprise)
        IPItemFactory(enterprise=enterprise)
        # As saving through the forms triggers: the stored verdict is current, so the page only reads it.
        reevaluate_enterprise(enterprise_id=enterprise.pk)

    rows()
    assert_constant(client, reverse("accreditation:eligibility", kwargs={"enterprise_pk": enterprise.pk}), rows)


def test_the_eligibility_page_refreshing_a_stale_verdict_costs_the_same_for_fifty_titles(client, enterprise_user):
    client.force_login(enterprise_user)
    enterprise = own_enterprise(enterprise_user)
    url = reverse("accreditation:eligibility", kwargs={"enterprise_pk": enterprise.pk})
    client.get(url)

    def rows():  # each a change the stored verdict has not seen: the page re-evaluates first
        title_of(enterprise)
        IPItemFactory(enterprise=enterprise)

    rows()
    one = queries(client, url)
    for _ in range(49):
        rows()
    fifty = queries(client, url)

    # The same reads and upsert either way; one insert more where a verdict changed (its change record).
    assert abs(fifty - one) <= 1


def test_an_application_with_fifty_reviewers(client, official):
    client.force_login(official)
    journey = Journey(official=official)
    journey.to("under_review")

    def reviewer():
        journey.assign(user_with(Role.REVIEWER))

    reviewer()
    assert_constant(client, reverse("applications:detail", kwargs={"pk": journey.pk}), reviewer)


def test_the_preview_of_an_imported_list_of_fifty_rows(client, official):
    from django.core.files.base import ContentFile

    from accreditation.models import AccreditationImport
    from accreditation.tests.lists import csv_bytes, miit_row

    client.force_login(official)

    def preview_queries(rows: int) -> int:
        listed = [miit_row(EnterpriseFactory(), number=f"MIIT-7-{n:03d}") for n in range(rows)]
        batch = AccreditationImport.objects.create(
            file=ContentFile(csv_bytes(listed), name="list.csv"),
            original_name="list.csv",
            sha256=f"{rows:064d}",
            uploaded_by=official,
        )
        url = reverse("accreditation:import_preview", kwargs={"pk": batch.pk})
        client.get(url)
        return queries(client, url)

    assert preview_queries(50) == preview_queries(1)


def test_an_export_of_someone_with_fifty_exports(client, official):
    from accreditation.reports.models import ExportJob, ExportState

    client.force_login(official)

    def job():
        return ExportJob.objects.create(
            user=official, source="enterprises", format="csv", language="en", rows=1, state=ExportState.QUEUED
        )

    url = reverse("accreditation:export_job", kwargs={"pk": job().pk})
    assert_constant(client, url, job)


def test_an_application_with_fifty_events_by_fifty_people(client, official):
    from accreditation.applications.models import ApplicationEvent

    client.force_login(official)
    journey = Journey(official=official)

    def event():
        ApplicationEvent.objects.create(
            application=journey.application,
            actor=user_with(Role.OFFICIAL),
            from_state="draft",
            to_state="draft",
            comment="Checked the licence.",
        )

    event()
    url = reverse("applications:detail", kwargs={"pk": journey.pk})
    assert_constant(client, url, event)
    assert client.get(url).content.decode().count("Checked the licence.") == 50, "the events are all shown"


def test_a_title_with_fifty_changes_by_fifty_people(client, official):

    client.force_login(official)
    record = title_of(EnterpriseFactory())
    batches = itertools.count()

    def change():
        record._history_user = user_with(Role.OFFICIAL)
        record.batch = f"Jiangsu batch {next(batches)}"
        record.save()

    change()
    url = reverse("accreditation:detail", kwargs={"pk": record.pk})
    assert_constant(client, url, change)
    assert len(client.get(url).context["history"]) > 50, "the changes are all shown"
