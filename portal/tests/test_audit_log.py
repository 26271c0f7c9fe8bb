"""Failed sign-ins and refused permissions are logged with who, what and when; the audit trail of applications and
accreditations cannot be changed or deleted through the portal."""

import datetime
import logging
import time

import pytest
from axes.models import AccessFailureLog
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from accreditation.applications.models import Application, ApplicationEvent, ApplicationState
from accreditation.models import Accreditation
from accreditation.services import accreditation_revoke
from accreditation.tests.applications import Journey
from accreditation.tests.factories import AccreditationFactory
from portal.core.audit import PermanentRecordError
from portal.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def security_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "portal.security"]


# --- failed sign-ins --------------------------------------------------------------------------------------------
def test_a_failed_sign_in_is_logged_with_the_name_tried_the_address_and_the_time(client, enterprise_user, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")
    started = time.time()

    response = client.post(
        reverse("login"), {"username": enterprise_user.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.7"
    )

    assert response.status_code == 200  # the form again, with its error
    (record,) = security_records(caplog)
    assert (record.security_event, record.username, record.ip_address) == (
        "sign_in_failed",
        enterprise_user.email,
        "203.0.113.7",
    )
    assert record.getMessage() == f"sign-in failed: username='{enterprise_user.email}' ip=203.0.113.7"
    assert started <= record.created <= time.time()
    # django-axes keeps it for good in the database too.
    kept = AccessFailureLog.objects.get()
    assert (kept.username, kept.ip_address) == (enterprise_user.email, "203.0.113.7")


def test_an_unknown_name_and_the_lockout_are_logged(client, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")

    guess = {"username": "nobody@example.com", "password": "guess"}
    for _attempt in range(5):
        client.post(reverse("login"), guess, REMOTE_ADDR="198.51.100.9")

    events = sorted((record.security_event, record.username) for record in security_records(caplog))
    assert events == [("locked_out", "nobody@example.com")] + [("sign_in_failed", "nobody@example.com")] * 5
    assert "password" not in " ".join(record.getMessage() for record in security_records(caplog))


def test_a_successful_sign_in_is_not_a_security_event(client, enterprise_user, caplog):
    caplog.set_level(logging.INFO, logger="portal.security")

    response = client.post(reverse("login"), {"username": enterprise_user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert security_records(caplog) == []


# --- refused permissions ----------------------------------------------------------------------------------------
def test_a_403_is_logged_with_the_user_the_method_and_the_path(client, administrator, caplog):
    journey = Journey()
    event = journey.application.events.get()
    client.force_login(administrator)
    caplog.set_level(logging.INFO, logger="portal.security")
    path = f"/admin/applications/applicationevent/{event.pk}/delete/"

    response = client.post(path, {"post": "yes"}, REMOTE_ADDR="192.0.2.4")

    assert response.status_code == 403
    (record,) = security_records(caplog)
    assert (record.security_event, record.username, record.method, record.path, record.ip_address) == (
        "permission_refused",
        f"{administrator.email} (id {administrator.pk})",
        "POST",
        path,
        "192.0.2.4",
    )
    assert "answered=403" in record.getMessage()


def test_a_refused_csrf_check_is_logged_for_an_anonymous_visitor(caplog):
    caplog.set_level(logging.INFO, logger="portal.security")

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "a@example.com"})

    assert response.status_code == 403
    (record,) = security_records(caplog)
    assert (record.username, record.method, record.path) == ("anonymous", "POST", reverse("login"))


def test_a_permission_refused_as_a_404_is_logged_with_the_permission(client, enterprise_user, caplog):
    client.force_login(enterprise_user)  # not park staff
    caplog.set_level(logging.INFO, logger="portal.security")

    response = client.get(reverse("accreditation:pool"))

    assert response.status_code == 404
    (record,) = security_records(caplog)
    assert record.username == f"{enterprise_user.email} (id {enterprise_user.pk})"
    assert record.getMessage().endswith("answered=404 ip=127.0.0.1 reason=accreditation.view_pool")


def test_a_refusal_of_a_service_that_the_view_hides_as_a_404_is_logged(rf, enterprise_user, caplog):
    """The views turn a service's PermissionDenied into a 404 (`raise Http404 from None`): still a refusal."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from portal.core.security_log import SecurityLogMiddleware

    request = rf.post("/applications/7/withdraw/")
    request.user = enterprise_user
    caplog.set_level(logging.INFO, logger="portal.security")
    try:
        try:
            raise PermissionDenied
        except PermissionDenied:
            raise Http404 from None
    except Http404 as hidden:
        SecurityLogMiddleware(lambda request: None).process_exception(request, hidden)
    SecurityLogMiddleware(lambda request: None).process_exception(request, Http404())  # a plain 404: not logged

    (record,) = security_records(caplog)
    assert (record.method, record.path) == ("POST", "/applications/7/withdraw/")
    assert record.getMessage().endswith("answered=404 ip=127.0.0.1 reason=hidden")


def test_a_page_the_user_may_open_logs_nothing(client, official, caplog):
    client.force_login(official)
    caplog.set_level(logging.INFO, logger="portal.security")

    assert client.get(reverse("accreditation:pool")).status_code == 200
    assert security_records(caplog) == []


# --- the audit trail cannot be changed ------------------------------------------------------------------------
@pytest.fixture
def event():
    journey = Journey()
    journey.to(ApplicationState.SUBMITTED)
    return ApplicationEvent.objects.filter(application=journey.application).last()


@pytest.mark.parametrize("view", ["add/", "{pk}/delete/", "{pk}/change/"])
def test_the_admin_refuses_to_add_change_or_delete_an_event(client, administrator, event, view):
    client.force_login(administrator)
    url = "/admin/applications/applicationevent/" + view.format(pk=event.pk)

    response = client.post(url, {"comment": "rewritten", "to_state": "accredited", "post": "yes"})

    assert response.status_code == 403
    event.refresh_from_db()
    assert (event.comment, event.to_state) == ("", ApplicationState.SUBMITTED)


def test_the_admin_list_of_events_offers_no_bulk_delete(client, administrator, event):
    client.force_login(administrator)

    response = client.get("/admin/applications/applicationevent/")

    assert response.status_code == 200
    assert b"delete_selected" not in response.content


def test_an_event_refuses_to_be_saved_again_or_deleted(event):
    event.comment = "rewritten"

    with pytest.raises(PermanentRecordError):
        event.save()
    with pytest.raises(PermanentRecordError):
        event.delete()
    with pytest.raises(PermanentRecordError):
        ApplicationEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(PermanentRecordError):
        ApplicationEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermanentRecordError):
        event.application.events.update(comment="rewritten")

    event.refresh_from_db()
    assert event.comment == ""


def test_a_new_event_with_the_id_of_an_old_one_does_not_overwrite_it(event):
    forged = ApplicationEvent(pk=event.pk, application=event.application, to_state="accredited")

    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()

    event.refresh_from_db()
    assert event.to_state == ApplicationState.SUBMITTED


def test_an_application_with_events_cannot_be_deleted(event):
    with pytest.raises(ProtectedError):
        event.application.delete()

    assert Application.objects.filter(pk=event.application_id).exists()
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()


def test_accreditation_history_refuses_to_be_changed_or_deleted(official):
    record = AccreditationFactory()
    accreditation_revoke(accreditation_id=record.pk, actor=official, reason="falsified_data")
    entry = record.history.order_by("history_date").last()
    entry.history_change_reason = "nothing happened"

    # Each attempt in its own savepoint: a refused deletion spoils the transaction it runs in, as any error does.
    for attempt in (entry.save, entry.delete, record.history.all().delete):
        with pytest.raises(PermanentRecordError), transaction.atomic():
            attempt()

    assert [row.status for row in record.history.order_by("history_date")] == ["active", "revoked"]
    assert Accreditation.objects.get(pk=record.pk).status == "revoked"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accreditation_applicationevent SET comment = 'rewritten' WHERE id = %s",
        "DELETE FROM accreditation_applicationevent WHERE id = %s",
    ],
)
def test_postgresql_refuses_a_raw_change_of_an_event(postgres, event, statement):
    with pytest.raises(IntegrityError, match="permanent"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])

    event.refresh_from_db()
    assert event.comment == ""


def test_postgresql_refuses_a_raw_change_of_accreditation_history(postgres, official):
    record = AccreditationFactory(granted_on=datetime.date(2025, 7, 1))

    for statement in (
        "UPDATE accreditation_historicalaccreditation SET status = 'revoked' WHERE id = %s",
        "DELETE FROM accreditation_historicalaccreditation WHERE id = %s",
    ):
        with pytest.raises(IntegrityError, match="permanent"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [record.pk])

    assert list(record.history.values_list("status", flat=True)) == ["active"]


def test_the_sign_in_records_are_read_only_in_the_admin(client, administrator, enterprise_user):
    client.post(reverse("login"), {"username": enterprise_user.email, "password": "wrong"})
    failure = AccessFailureLog.objects.get()
    client.force_login(administrator)
    url = f"/admin/axes/accessfailurelog/{failure.pk}/"

    assert client.get(url + "change/").status_code == 200  # it can be read
    assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
    assert AccessFailureLog.objects.filter(pk=failure.pk).exists()
