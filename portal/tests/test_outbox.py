"""The outbox starts background work only for changes that were saved, and a send the broker refused is made
again by the sweeper, once."""

from datetime import timedelta

import pytest
from celery import current_app, shared_task
from django.db import transaction
from django.utils import timezone

from portal.core.outbox import OutboxMessage, outbox_dispatch, outbox_send, outbox_sweep

pytestmark = pytest.mark.django_db(transaction=True)

RUNS: list[dict] = []


@shared_task(name="portal.tests.outbox_probe")
def outbox_probe(**kwargs) -> None:
    RUNS.append(kwargs)


@pytest.fixture(autouse=True)
def _clear_runs():
    RUNS.clear()
    yield
    RUNS.clear()


def test_a_row_written_in_a_committed_transaction_is_sent_once():
    with transaction.atomic():
        message = outbox_send(task="portal.tests.outbox_probe", kwargs={"enterprise_id": 7})
        assert RUNS == []  # nothing leaves before commit
    assert RUNS == [{"enterprise_id": 7}]
    message.refresh_from_db()
    assert message.sent is not None
    assert outbox_sweep(older_than=timedelta(0), now=timezone.now() + timedelta(seconds=1)) == []
    assert RUNS == [{"enterprise_id": 7}]


def test_a_row_written_in_a_rolled_back_transaction_is_never_sent():
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        outbox_send(task="portal.tests.outbox_probe", kwargs={"enterprise_id": 8})
        raise Refused
    assert not OutboxMessage.objects.exists()
    assert outbox_sweep(older_than=timedelta(0), now=timezone.now() + timedelta(hours=1)) == []
    assert RUNS == []


def test_a_row_whose_send_failed_is_sent_again_by_the_sweeper_exactly_once(monkeypatch, settings):
    probe = current_app.tasks["portal.tests.outbox_probe"]
    # The broker refuses: portal.celery.Task returns no result, as it does when Redis is away.
    monkeypatch.setattr(probe, "apply_async", lambda *args, **kwargs: None)
    with transaction.atomic():
        message = outbox_send(task="portal.tests.outbox_probe", kwargs={"enterprise_id": 9})
    message.refresh_from_db()
    assert message.sent is None
    assert message.attempts == 1
    monkeypatch.undo()

    # Not yet presumed lost: the sweeper leaves it.
    assert outbox_sweep() == []
    later = timezone.now() + timedelta(minutes=11)
    assert outbox_sweep(now=later) == [message.pk]
    assert outbox_sweep(now=later) == []
    assert RUNS == [{"enterprise_id": 9}]
    message.refresh_from_db()
    assert message.sent is not None
    assert message.attempts == 2


def test_a_row_already_sent_is_not_dispatched_again():
    with transaction.atomic():
        message = outbox_send(task="portal.tests.outbox_probe", kwargs={"n": 1})
    assert outbox_dispatch(message_id=message.pk) is False
    assert RUNS == [{"n": 1}]


def test_every_task_has_an_explicit_name_and_time_limits():
    current_app.loader.import_default_modules()
    ours = {name: task for name, task in current_app.tasks.items() if name.startswith(("accreditation.", "portal."))}
    ours.pop("portal.tests.outbox_probe")
    assert "portal.outbox.sweep" in ours
    for name, task in ours.items():
        assert name == task.name
        assert task.soft_time_limit and task.time_limit, name


def test_a_row_of_a_task_the_code_no_longer_has_is_given_up_not_swept_forever():
    row = OutboxMessage.objects.create(task="accreditation.tasks.retired_long_ago", sent=timezone.now(), attempts=1)
    other = OutboxMessage.objects.create(
        task="portal.outbox.sweep", sent=timezone.now(), attempts=1, done=timezone.now()
    )

    assert outbox_sweep(now=timezone.now() + timedelta(days=1)) == []

    row.refresh_from_db()
    assert row.gave_up is not None and row.done is None
    assert OutboxMessage.objects.get(pk=other.pk).gave_up is None
    assert outbox_sweep(now=timezone.now() + timedelta(days=2)) == []
