"""After a broker outage, what requests queued is done once it is back, by the one sweeper: the notices of
application steps and assignments no one received, and the re-evaluations of enterprises saved while their task
was lost. The real-Redis version of this is in test_reevaluation_reliability.py; here the outage is the on-commit
callbacks never run (the message never reached the broker), or a row marked sent and never done (the broker lost
the message)."""

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
from accreditation.eligibility.models import EligibilityAssessment
from accreditation.notices.models import Notice, NoticeKind
from accreditation.tests.applications import Journey, user_with
from accreditation.tests.services_support import free_port, publishing_to
from accreditation.tests.test_reevaluation import TIERS, healthy_enterprise
from portal.core.outbox import MAX_SENDS, OutboxMessage, outbox_sweep
from portal.core.roles import Role
from portal.tasks import sweep

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


# --- the one sweeper --------------------------------------------------------------------------------------------


def settled() -> None:
    """What the test's setting up queued counts as done (tests run no on-commit callback unless asked)."""
    OutboxMessage.objects.filter(done=None).update(done=timezone.now())


def lost_by_the_broker(task: str) -> list[int]:
    """The outbox rows of `task` as a broker that accepted them and then lost them leaves them: sent, never done."""
    rows = OutboxMessage.objects.filter(task=task, done=None)
    rows.update(sent=timezone.now(), attempts=1)
    return list(rows.values_list("pk", flat=True))


def test_a_notice_task_the_broker_lost_is_sent_again_after_its_time_limit_and_told_once(
    django_capture_on_commit_callbacks,
):
    journey = Journey("park-pool")
    journey.upload_required()
    settled()
    with django_capture_on_commit_callbacks(execute=False):
        journey.submit()
    submitted = journey.application.events.get(to_state=S.SUBMITTED)
    (lost,) = lost_by_the_broker("accreditation.tasks.send_application_notices")
    limit = tasks.send_application_notices.time_limit

    with django_capture_on_commit_callbacks(execute=True):
        too_soon = outbox_sweep(now=timezone.now() + LATER)  # the task may still be running
    with django_capture_on_commit_callbacks(execute=True):
        sent = outbox_sweep(now=timezone.now() + LATER + dt.timedelta(seconds=limit))
    with django_capture_on_commit_callbacks(execute=True):
        again = outbox_sweep(now=timezone.now() + dt.timedelta(days=1))

    assert (too_soon, sent, again) == ([], [lost], [])
    assert OutboxMessage.objects.get(pk=lost).done is not None
    assert list(Notice.objects.values_list("user", "kind", "key")) == [
        (journey.applicant.pk, NoticeKind.SUBMITTED, f"event:{submitted.pk}")
    ]
    assert [message.to for message in mail.outbox] == [[journey.applicant.email]]


def test_a_lost_assignment_notice_reaches_the_reviewer_and_delivered_steps_are_left_alone(
    django_capture_on_commit_callbacks,
):
    journey = Journey("park-pool")
    settled()
    with django_capture_on_commit_callbacks(execute=True):  # delivered as usual: their rows are done
        journey.to(S.UNDER_REVIEW)
    delivered = Notice.objects.count()
    reviewer = user_with(Role.REVIEWER, email="expert@example.com")
    with django_capture_on_commit_callbacks(execute=False):  # the broker is down: never sent
        journey.assign(reviewer)
    (unsent,) = OutboxMessage.objects.filter(done=None).values_list("pk", flat=True)

    with django_capture_on_commit_callbacks(execute=True):
        sent = outbox_sweep(now=later())

    assert sent == [unsent]
    assert not OutboxMessage.objects.filter(done=None).exists()
    assert Notice.objects.count() == delivered + 1
    assert Notice.objects.get(user=reviewer).kind == NoticeKind.ASSIGNED


def test_a_task_sent_and_lost_again_and_again_is_given_up_and_said_in_the_log(caplog):
    lost = OutboxMessage.objects.create(
        task="accreditation.tasks.send_application_notices",
        kwargs={"event_id": 1},
        sent=timezone.now(),
        attempts=MAX_SENDS,
    )

    with caplog.at_level(logging.ERROR, "portal.core.outbox"):
        assert outbox_sweep(now=timezone.now() + dt.timedelta(days=1)) == []

    lost.refresh_from_db()
    assert (lost.attempts, lost.done) == (MAX_SENDS, None)
    assert lost.gave_up is not None
    assert f"given up after {MAX_SENDS} sends" in caplog.text
    assert outbox_sweep(now=timezone.now() + dt.timedelta(days=2)) == []  # and not looked at again


def test_the_sweeper_task_takes_its_grace_in_seconds(django_capture_on_commit_callbacks):
    journey = Journey("park-pool")
    journey.upload_required()
    settled()
    with django_capture_on_commit_callbacks(execute=False):
        journey.submit()

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.delay().get()["outbox"] == []
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep.delay(older_than_seconds=0).get()

    assert len(result["outbox"]) == 1
    assert Notice.objects.filter(user=journey.applicant, kind=NoticeKind.SUBMITTED).count() == 1


def test_an_enterprise_saved_while_its_reevaluation_was_lost_is_reevaluated_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the broker is down: no re-evaluation
        healthy_enterprise()
    assert EligibilityAssessment.objects.count() == 0

    assert outbox_sweep() == []  # its own task may still be on its way
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep(now=later()) != []
    stored = list(EligibilityAssessment.objects.order_by("pk").values())
    assert outbox_sweep(now=later()) == []

    assert len(stored) == TIERS
    assert list(EligibilityAssessment.objects.order_by("pk").values()) == stored
