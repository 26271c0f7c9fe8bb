"""Accreditation records: grant, revoke, renewal and the daily status refresh."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accreditation import services
from accreditation.models import Accreditation, AccreditationStatus, RevocationReason
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)


def test_a_grant_is_valid_for_the_tiers_three_years(official):
    record = services.accreditation_grant(
        actor=official,
        enterprise=EnterpriseFactory(),
        tier=tier("little-giant"),
        granted_on=datetime.date(2025, 7, 1),
        today=TODAY,
    )

    assert record.valid_until == datetime.date(2028, 7, 1)
    assert record.status == AccreditationStatus.ACTIVE
    assert record.authority == "Ministry of Industry and Information Technology (MIIT)"
    assert record.history.get().history_user == official


def test_the_park_pool_never_expires(official):
    record = services.accreditation_grant(
        actor=official,
        enterprise=EnterpriseFactory(),
        tier=tier("park-pool"),
        granted_on=datetime.date(2020, 1, 1),
        today=TODAY,
    )

    assert record.valid_until is None
    assert record.status == AccreditationStatus.ACTIVE


@pytest.mark.parametrize(
    ("granted_on", "status"),
    [
        (datetime.date(2023, 11, 27), AccreditationStatus.EXPIRED),  # valid until 2026-11-27, the day before today
        (datetime.date(2023, 11, 28), AccreditationStatus.RENEWAL_DUE),  # ends today: still held, and due
        (datetime.date(2024, 6, 5), AccreditationStatus.ACTIVE),  # ends 2027-06-05, 189 days away
    ],
)
def test_an_old_grant_arrives_with_the_status_its_dates_give(official, granted_on, status):
    record = services.accreditation_grant(
        actor=official, enterprise=EnterpriseFactory(), tier=tier("innovative"), granted_on=granted_on, today=TODAY
    )

    assert record.status == status


def test_the_renewal_window_opens_exactly_180_days_before_the_end(official):
    # Today + 180 days = 2027-05-27; a record valid until that day is due, one valid a day longer is not.
    due = services.accreditation_grant(
        actor=official,
        enterprise=EnterpriseFactory(),
        tier=tier("innovative"),
        granted_on=datetime.date(2024, 5, 27),
        today=TODAY,
    )
    not_yet = services.accreditation_grant(
        actor=official,
        enterprise=EnterpriseFactory(),
        tier=tier("innovative"),
        granted_on=datetime.date(2024, 5, 28),
        today=TODAY,
    )

    assert (due.valid_until, due.status) == (datetime.date(2027, 5, 27), AccreditationStatus.RENEWAL_DUE)
    assert (not_yet.valid_until, not_yet.status) == (datetime.date(2027, 5, 28), AccreditationStatus.ACTIVE)


def test_an_enterprise_user_cannot_grant(enterprise_user):
    with pytest.raises(PermissionDenied):
        services.accreditation_grant(
            actor=enterprise_user, enterprise=EnterpriseFactory(), tier=tier("innovative"), granted_on=TODAY
        )
    assert Accreditation.objects.count() == 0


def test_revoking_records_the_reason_note_and_who(official):
    record = AccreditationFactory()

    services.accreditation_revoke(
        accreditation_id=record.pk, actor=official, reason=RevocationReason.FALSIFIED_DATA, note="R&D figures inflated"
    )

    record.refresh_from_db()
    assert record.status == AccreditationStatus.REVOKED
    assert record.revocation_reason == RevocationReason.FALSIFIED_DATA
    latest = record.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (official, "revoked")


def test_a_revoked_record_cannot_be_revoked_again_or_renewed(official):
    record = AccreditationFactory()
    services.accreditation_revoke(accreditation_id=record.pk, actor=official, reason=RevocationReason.DISHONESTY)

    with pytest.raises(ValidationError):
        services.accreditation_revoke(accreditation_id=record.pk, actor=official, reason=RevocationReason.DISHONESTY)
    with pytest.raises(ValidationError):
        services.accreditation_start_renewal(accreditation_id=record.pk, actor=official)


def test_a_revocation_needs_a_valid_reason(official):
    record = AccreditationFactory()

    with pytest.raises(ValidationError):
        services.accreditation_revoke(accreditation_id=record.pk, actor=official, reason="")

    record.refresh_from_db()
    assert record.status == AccreditationStatus.ACTIVE


def test_a_passed_renewal_extends_the_title_by_three_years(official):
    record = AccreditationFactory(granted_on=datetime.date(2023, 12, 1), valid_until=datetime.date(2026, 12, 1))

    services.accreditation_start_renewal(accreditation_id=record.pk, actor=official)
    services.accreditation_renew(accreditation_id=record.pk, actor=official, today=TODAY)

    record.refresh_from_db()
    assert (record.valid_until, record.status) == (datetime.date(2029, 12, 1), AccreditationStatus.ACTIVE)
    assert [entry.history_change_reason for entry in record.history.order_by("history_date")] == [
        None,
        "renewal started",
        "renewed",
    ]


def test_the_daily_refresh_expires_and_flags_records_once(official):
    expired = AccreditationFactory(granted_on=datetime.date(2023, 1, 1), valid_until=datetime.date(2026, 1, 1))
    due = AccreditationFactory(granted_on=datetime.date(2024, 3, 1), valid_until=datetime.date(2027, 3, 1))
    fine = AccreditationFactory(granted_on=datetime.date(2026, 1, 1), valid_until=datetime.date(2029, 1, 1))
    under_renewal = AccreditationFactory(
        granted_on=datetime.date(2023, 1, 1),
        valid_until=datetime.date(2026, 1, 1),
        status=AccreditationStatus.UNDER_RENEWAL,
    )

    first = services.accreditations_refresh_statuses(today=TODAY)
    second = services.accreditations_refresh_statuses(today=TODAY)

    assert first == {"expired": 1, "renewal_due": 1}
    assert second == {"expired": 0, "renewal_due": 0}
    statuses = dict(Accreditation.objects.values_list("pk", "status"))
    assert statuses == {
        expired.pk: AccreditationStatus.EXPIRED,
        due.pk: AccreditationStatus.RENEWAL_DUE,
        fine.pk: AccreditationStatus.ACTIVE,
        under_renewal.pk: AccreditationStatus.UNDER_RENEWAL,
    }
    assert expired.history.latest().history_change_reason == "Expired"


def test_the_daily_task_runs_the_refresh(official):
    from accreditation.tasks import refresh_accreditation_statuses

    record = AccreditationFactory(granted_on=datetime.date(2020, 1, 1), valid_until=datetime.date(2023, 1, 1))

    result = refresh_accreditation_statuses.delay().get()

    record.refresh_from_db()
    assert record.status == AccreditationStatus.EXPIRED
    assert result["expired"] == 1
