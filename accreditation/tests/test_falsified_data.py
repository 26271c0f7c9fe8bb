"""Falsified data (docs/domain.md section 5, 2026 measures): revoking a title for it withdraws every title of the
enterprise and refuses its applications for 3 years, which its pages say with the date the bar ends."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.urls import reverse

from accreditation.applications import services as application_services
from accreditation.applications.models import ApplicationState
from accreditation.models import AccreditationStatus, RevocationReason, Tier
from accreditation.policy import FALSIFIED_DATA_BAR_YEARS
from accreditation.services import accreditation_revoke
from accreditation.tests.applications import Journey, member_of, user_with
from accreditation.tests.factories import AccreditationFactory, open_round, tier

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)
BAR_ENDS = datetime.date(2026 + FALSIFIED_DATA_BAR_YEARS, 12, 3)


@pytest.fixture
def official():
    from portal.core.roles import Role

    return user_with(Role.OFFICIAL, full_name="Wang Qiang")


def titles_of(enterprise):
    """innovative (active), specialized (due for renewal), an expired park-pool title, a revoked older one."""
    return {
        "innovative": AccreditationFactory(
            enterprise=enterprise, tier=tier("innovative"), granted_on=datetime.date(2025, 3, 1)
        ),
        "specialized": AccreditationFactory(
            enterprise=enterprise,
            tier=tier("specialized"),
            granted_on=datetime.date(2024, 1, 15),
            status=AccreditationStatus.RENEWAL_DUE,
        ),
        "expired": AccreditationFactory(
            enterprise=enterprise,
            tier=tier("innovative"),
            granted_on=datetime.date(2020, 1, 1),
            status=AccreditationStatus.EXPIRED,
        ),
    }


def test_falsified_data_withdraws_every_held_title_and_bars_applications_for_3_years(official):
    journey_enterprise = Journey("innovative").enterprise
    titles = titles_of(journey_enterprise)

    accreditation_revoke(
        accreditation_id=titles["specialized"].pk,
        actor=official,
        reason=RevocationReason.FALSIFIED_DATA,
        note="R&D expense inflated in the 2025 declaration.",
        today=TODAY,
    )

    for record in titles.values():
        record.refresh_from_db()
    assert [(titles[key].status, titles[key].revocation_reason) for key in ("innovative", "specialized")] == [
        (AccreditationStatus.REVOKED, RevocationReason.FALSIFIED_DATA),
        (AccreditationStatus.REVOKED, RevocationReason.FALSIFIED_DATA),
    ]
    assert titles["innovative"].revocation_note == "R&D expense inflated in the 2025 declaration."
    assert titles["expired"].status == AccreditationStatus.EXPIRED  # no longer held: left as it was
    journey_enterprise.refresh_from_db()
    assert journey_enterprise.applications_barred_until == BAR_ENDS
    assert journey_enterprise.history.first().applications_barred_until == BAR_ENDS  # who and when, in its history


def test_another_ground_revokes_that_title_alone(official):
    enterprise = Journey("innovative").enterprise
    titles = titles_of(enterprise)

    accreditation_revoke(
        accreditation_id=titles["specialized"].pk, actor=official, reason=RevocationReason.DISHONESTY, today=TODAY
    )

    titles["innovative"].refresh_from_db()
    enterprise.refresh_from_db()
    assert (titles["innovative"].status, enterprise.applications_barred_until) == (AccreditationStatus.ACTIVE, None)


def test_a_barred_enterprise_can_neither_start_nor_submit_an_application_until_the_bar_ends(official):
    journey = Journey("park-pool", official=official)  # a draft started before the revocation
    open_round("innovative")  # filing is open: only the bar refuses
    record = AccreditationFactory(enterprise=journey.enterprise, tier=tier("innovative"))
    accreditation_revoke(
        accreditation_id=record.pk, actor=official, reason=RevocationReason.FALSIFIED_DATA, today=TODAY
    )
    message = (
        f"No application of this enterprise is accepted until {BAR_ENDS.isoformat()}: a title was revoked for "
        "falsified data."
    )

    with pytest.raises(ValidationError) as started:
        application_services.application_create(
            actor=journey.applicant,
            enterprise=journey.enterprise,
            tier=Tier.objects.get(code="innovative"),
            today=TODAY,
        )
    with pytest.raises(ValidationError) as submitted:
        journey.submit(today=TODAY, signed_on=TODAY)

    assert started.value.messages == [message]
    assert submitted.value.messages == [message]
    assert journey.refresh().state == ApplicationState.DRAFT
    # The day after the bar ends, applications are accepted again.
    after = BAR_ENDS + datetime.timedelta(days=1)
    application_services.application_create(
        actor=journey.applicant, enterprise=journey.enterprise, tier=Tier.objects.get(code="innovative"), today=after
    )


def test_the_enterprise_and_the_park_read_the_bar_and_its_end_on_their_pages(client, official):
    enterprise = Journey("innovative", official=official).enterprise
    member = member_of(enterprise)
    record = AccreditationFactory(enterprise=enterprise, tier=tier("innovative"))
    today = datetime.date.today()
    accreditation_revoke(
        accreditation_id=record.pk, actor=official, reason=RevocationReason.FALSIFIED_DATA, today=today
    )
    ends = (today + relativedelta(years=FALSIFIED_DATA_BAR_YEARS)).isoformat()
    expected = (
        "A title of this enterprise was revoked for falsified data: every title is withdrawn and no application is "
        f"accepted until {ends}."
    )

    client.force_login(member)
    pages = [
        reverse("enterprises:mine"),
        reverse("accreditation:timeline", kwargs={"enterprise_pk": enterprise.pk}),
        reverse("applications:start", kwargs={"enterprise_pk": enterprise.pk}),
    ]
    for url in pages:
        assert expected in client.get(url).content.decode(), url
    client.force_login(official)
    assert expected in client.get(reverse("enterprises:detail", kwargs={"pk": enterprise.pk})).content.decode()


def test_the_official_revoking_for_falsified_data_reads_what_follows(client, official):
    record = AccreditationFactory(tier=tier("innovative"))
    client.force_login(official)

    response = client.post(
        reverse("accreditation:revoke", kwargs={"pk": record.pk}),
        {"reason": RevocationReason.FALSIFIED_DATA, "note": "Inflated R&D."},
        follow=True,
    )

    assert (
        "The accreditation is revoked for falsified data: every title of the enterprise is withdrawn and no "
        f"application of it is accepted for {FALSIFIED_DATA_BAR_YEARS} years."
    ) in response.content.decode()
