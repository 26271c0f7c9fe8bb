"""After a broker outage, what requests queued is done once it is back: the notices of application steps
and assignments no one received, and the re-evaluations of enterprises saved while their task was lost. The
real-Redis version of this is in test_reevaluation_reliability.py; here the outage is the on-commit callbacks
never run (the message never reached the broker)."""

import datetime as dt
import logging
import socket
import threading
import time

import pytest
from django.core import mail
from django.utils import timezone

from accreditation import tasks
from accreditation.applications.models import ApplicationState
from accreditation.applications.notices import notices_redeliver
from accreditation.eligibility.models import EligibilityAssessment
from accreditation.eligibility.redelivery import enterprises_pending_reevaluation, reevaluation_redeliver
from accreditation.notices.models import Notice, NoticeKind
from accreditation.tests.applications import Journey, user_with
from accreditation.tests.services_support import free_port, publishing_to
from accreditation.tests.test_reevaluation import TIERS, healthy_enterprise
from enterprises.tests.factories import AnnualFiguresFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db
S = ApplicationState
LATER = dt.timedelta(minutes=11)  # past the ten minutes a task is given before it is presumed lost


def later() -> dt.datetime:
    return timezone.now() + LATER


# --- sending with the broker away ----------------------------------------------------------------------------


def test_sending_a_task_to_a_broker_that_refuses_returns_at_once_and_logs_it(caplog):
    with publishing_to(f"redis://127.0.0.1:{free_port()}/0"), caplog.at_level(logging.ERROR, "portal.celery"):
        started = time.monotonic()
        result = tasks.reevaluate_enterprise_task.delay(enterprise_id=1)
        seconds = time.monotonic() - started

    assert result is None
    assert seconds < 2
    assert [record.getMessage().split(":")[0] for record in caplog.records] == [
        "Task accreditation.tasks.reevaluate_enterprise_task not sent, the broker is unreachable (a sweeper sends it "
        "again)"
    ]


@pytest.mark.slow
def test_sending_a_task_to_a_broker_that_hangs_gives_up_within_seconds():
    """A broker that accepts connections and never answers (a hung Redis, a dead peer behind a firewall):
    without the socket timeout of the settings, the request sending the task would wait forever."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)  # the kernel completes connections; nobody reads or answers them
        with publishing_to(f"redis://127.0.0.1:{hung.getsockname()[1]}/0"):
            outcome = {}
            # In a thread, so that a send that hangs fails this test instead of hanging the suite.
            sending = threading.Thread(
                target=lambda: outcome.update(result=tasks.reevaluate_enterprise_task.delay(enterprise_id=1)),
                daemon=True,
            )
            started = time.monotonic()
            sending.start()
            sending.join(timeout=10)
            seconds = time.monotonic() - started

    assert not sending.is_alive(), "the send still waits for the broker"
    assert outcome == {"result": None}
    assert seconds < 6  # a timeout of 2 s per attempt, one retry at most


# --- notices ---------------------------------------------------------------------------------------------------


def test_a_submission_whose_notice_task_was_lost_is_told_once_after_the_broker_returns(
    django_capture_on_commit_callbacks,
):
    journey = Journey("park-pool")
    journey.upload_required()
    with django_capture_on_commit_callbacks(execute=False):  # the broker is down: nothing is sent
        journey.submit()
    submitted = journey.application.events.get(to_state=S.SUBMITTED)
    assert Notice.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        too_soon = notices_redeliver()  # its task may still be on its way
    with django_capture_on_commit_callbacks(execute=True):
        sent = notices_redeliver(now=later())
    with django_capture_on_commit_callbacks(execute=True):
        again = notices_redeliver(now=later())

    assert too_soon == {"events": [], "assignments": []}
    assert sent == {"events": [submitted.pk], "assignments": []}
    assert again == {"events": [], "assignments": []}
    assert list(Notice.objects.values_list("user", "kind", "key")) == [
        (journey.applicant.pk, NoticeKind.SUBMITTED, f"event:{submitted.pk}")
    ]
    assert [message.to for message in mail.outbox] == [[journey.applicant.email]]


def test_a_lost_assignment_notice_reaches_the_reviewer_and_delivered_steps_are_left_alone(
    django_capture_on_commit_callbacks,
):
    journey = Journey("park-pool")
    with django_capture_on_commit_callbacks(execute=True):  # delivered as usual
        journey.to(S.UNDER_REVIEW)
    delivered = Notice.objects.count()
    reviewer = user_with(Role.REVIEWER, email="expert@example.com")
    with django_capture_on_commit_callbacks(execute=False):
        journey.assign(reviewer)
    (assignment,) = journey.application.assignments.all()

    with django_capture_on_commit_callbacks(execute=True):
        sent = notices_redeliver(now=later())

    assert sent == {"events": [], "assignments": [assignment.pk]}
    assert Notice.objects.count() == delivered + 1
    assert Notice.objects.get(user=reviewer).kind == NoticeKind.ASSIGNED


def test_steps_older_than_a_day_are_not_told_any_more(django_capture_on_commit_callbacks):
    journey = Journey("park-pool")
    journey.upload_required()
    with django_capture_on_commit_callbacks(execute=False):
        journey.submit()

    with django_capture_on_commit_callbacks(execute=True):
        sent = notices_redeliver(now=timezone.now() + dt.timedelta(days=1, minutes=1))

    assert sent == {"events": [], "assignments": []}
    assert Notice.objects.count() == 0


def test_the_task_redelivers_with_its_grace_given_in_seconds(django_capture_on_commit_callbacks):
    journey = Journey("park-pool")
    journey.upload_required()
    with django_capture_on_commit_callbacks(execute=False):
        journey.submit()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.redeliver_notices.delay().get() == {"events": [], "assignments": []}
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.redeliver_notices.delay(older_than_seconds=0).get()

    assert len(result["events"]) == 1
    assert Notice.objects.filter(user=journey.applicant, kind=NoticeKind.SUBMITTED).count() == 1


# --- re-evaluations --------------------------------------------------------------------------------------------


def test_an_enterprise_saved_while_its_reevaluation_was_lost_is_reevaluated_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker is down: no re-evaluation
        enterprise = healthy_enterprise()
    assert EligibilityAssessment.objects.count() == 0

    assert reevaluation_redeliver() == []  # its own task may still be on its way
    assert reevaluation_redeliver(now=later()) == [enterprise.pk]
    stored = list(EligibilityAssessment.objects.order_by("pk").values())
    assert reevaluation_redeliver(now=later()) == []

    assert len(stored) == TIERS
    assert list(EligibilityAssessment.objects.order_by("pk").values()) == stored


def test_an_enterprise_whose_own_reevaluation_ran_is_not_pending(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ran = healthy_enterprise()
    with django_capture_on_commit_callbacks(execute=False):
        lost = healthy_enterprise()
    with django_capture_on_commit_callbacks(execute=True):  # evaluated before; new figures' task lost
        edited = healthy_enterprise()
    with django_capture_on_commit_callbacks(execute=False):
        AnnualFiguresFactory(enterprise=edited, year=2022)

    pending = enterprises_pending_reevaluation(since=timezone.now() - dt.timedelta(hours=1), until=later())

    assert pending == sorted([lost.pk, edited.pk])
    assert ran.pk not in pending
