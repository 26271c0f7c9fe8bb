"""The transactional outbox: the one way a service starts background work, and the one sweeper that makes sure
it happens.

A service calls `outbox_send(task=..., kwargs=...)` inside its own transaction: the row commits with the facts it
is about, or is rolled back with them, so work is never started for a change that did not happen. After commit
the row is handed to Celery by the task's stable name (services never import tasks), under a task id that names
the row; when the task succeeds, wherever it ran, the row is marked done (`task_success`). `outbox_sweep`, every
few minutes, sends again what shows no sign of being done: a row whose send failed (the broker away), and a row
sent but never done (the broker lost the message, or the worker died) once the task's own hard time limit has
passed too. After MAX_SENDS sends it gives up and says so in the log. Every task is safe to run twice. Without a
broker (tests, `make run`) Celery runs the task eagerly at the send.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from celery.signals import task_success
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# How long background work may take to show its effect before it is presumed lost and sent again: an outbox row
# still unsent (a send normally happens at commit), a step's notices not delivered, a saved enterprise not
# re-evaluated, a re-evaluation chunk not finished (each normally within seconds). One number for every sweeper.
PRESUMED_LOST_AFTER = timedelta(minutes=10)
RESEND_AFTER = PRESUMED_LOST_AFTER
# A task that failed this many sends is not sent again: something is wrong that sending cannot mend.
MAX_SENDS = 5
TASK_ID_PREFIX = "outbox-"
# Rows sent again by one sweep at most (the next sweep takes the rest).
BATCH = 1000


class OutboxMessage(models.Model):
    """One task to start, by name, with its keyword arguments; `sent` once Celery accepted it."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    done = models.DateTimeField(_("done"), null=True, blank=True)
    gave_up = models.DateTimeField(_("given up"), null=True, blank=True)

    class Meta:
        app_label = "portal"
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(fields=["created"], condition=models.Q(sent__isnull=True), name="outbox_unsent"),
            models.Index(
                fields=["sent"], condition=models.Q(done__isnull=True, gave_up__isnull=True), name="outbox_not_done"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}({self.kwargs})"


def _task(name: str):
    registry = current_app.tasks
    if name not in registry:
        # A web process has not imported the apps' task modules (a worker does at start): import them now.
        current_app.loader.import_default_modules()
    return registry[name]


def task_id_for(message: OutboxMessage) -> str:
    """The Celery task id of one send of `message`: it names the row, so the task's success marks it done."""
    return f"{TASK_ID_PREFIX}{message.pk}-{message.attempts}"


def outbox_message_id(task_id: str | None) -> int | None:
    if not task_id or not task_id.startswith(TASK_ID_PREFIX):
        return None
    head = task_id[len(TASK_ID_PREFIX) :].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def outbox_mark_done(*, message_id: int) -> None:
    OutboxMessage.objects.filter(pk=message_id, done=None).update(done=timezone.now())


@task_success.connect(dispatch_uid="portal.core.outbox.done")
def _task_succeeded(sender=None, **kwargs) -> None:
    """In the worker (or eagerly, here): a task started from the outbox succeeded; its row is done."""
    message_id = outbox_message_id(getattr(getattr(sender, "request", None), "id", None))
    if message_id is not None:
        outbox_mark_done(message_id=message_id)


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand one row not yet done to Celery and mark it sent; False when the send failed (it stays for the
    sweeper). A row another process is sending right now (locked), done, or given up is left alone."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, done=None, gave_up=None)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        message.save(update_fields=["attempts"])
    # Sent outside the lock's transaction: an eager task runs here and writes in its own transactions.
    try:
        result = _task(message.task).apply_async(kwargs=message.kwargs, task_id=task_id_for(message))
    except Exception:
        if current_app.conf.task_always_eager:
            raise  # eagerly, the task's own error is the caller's (as with a direct call)
        logger.exception("Outbox message %s (%s) not sent; the sweeper sends it again", message.pk, message.task)
        return False
    if result is None:  # portal.celery.Task: the broker is unreachable
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent=timezone.now())
    if current_app.conf.task_always_eager and result.successful():
        outbox_mark_done(message_id=message.pk)
    return True


def outbox_send(*, task: str, kwargs: dict | None = None, robust: bool = False) -> OutboxMessage:
    """Write the row in the caller's transaction; send it after commit. `robust`: an error while sending (or,
    eagerly, running) the task is logged instead of reaching the caller, whose work is saved already."""
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs or {})
    transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk), robust=robust)
    return message


def lost_after(task: str, older_than: timedelta = RESEND_AFTER) -> timedelta | None:
    """How long after its last send a row not done is presumed lost: `older_than`, plus the task's hard time
    limit (a task may legitimately run that long). None for a task this code no longer has."""
    try:
        limit = getattr(_task(task), "time_limit", None) or 0
    except KeyError:
        return None
    return older_than + timedelta(seconds=limit)


def outbox_sweep(*, older_than: timedelta = RESEND_AFTER, now=None) -> list[int]:
    """Send again the rows not done: those never sent, written more than `older_than` ago; those sent and not
    done `lost_after` their last send. A row sent MAX_SENDS times is given up instead (logged). Returns the ids
    sent now."""
    now = now or timezone.now()
    waiting = OutboxMessage.objects.filter(done=None, gave_up=None)
    never_sent = waiting.filter(sent=None, created__lt=now - older_than).order_by("pk")
    due = list(never_sent.values_list("pk", flat=True)[:BATCH])
    sent = waiting.filter(sent__isnull=False)
    for task in sent.order_by().values_list("task", flat=True).distinct():
        grace = lost_after(task, older_than)
        if grace is None:  # a task renamed or retired since: nothing can run it
            retired = sent.filter(task=task)
            ids = list(retired.values_list("pk", flat=True))
            logger.error("Outbox messages of unknown task %s given up: %s", task, ids)
            retired.update(gave_up=now)
            continue
        due += sent.filter(task=task, sent__lt=now - grace).order_by("pk").values_list("pk", flat=True)[:BATCH]
    exhausted = OutboxMessage.objects.filter(pk__in=due, attempts__gte=MAX_SENDS)
    given_up = list(exhausted.values_list("pk", "task"))
    if given_up:
        exhausted.update(gave_up=now)
        logger.error("Outbox messages given up after %d sends: %s", MAX_SENDS, given_up)
    resend = sorted(set(due) - {pk for pk, _task_name in given_up})[:BATCH]
    return [pk for pk in resend if outbox_dispatch(message_id=pk)]
