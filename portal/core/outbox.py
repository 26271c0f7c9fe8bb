"""The transactional outbox: the one way a service starts background work.

A service calls `outbox_send(task=..., kwargs=...)` inside its own transaction: the row commits with the facts it
is about, or is rolled back with them, so work is never started for a change that did not happen. After commit
the row is handed to Celery by the task's stable name (services never import tasks); a row whose send failed
(the broker away) stays unsent, and `outbox_sweep`, every few minutes, sends it again. Without a broker (tests,
`make run`) Celery runs the task eagerly at that point.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# How long background work may take to show its effect before it is presumed lost and sent again: an outbox row
# still unsent (a send normally happens at commit), a step's notices not delivered, a saved enterprise not
# re-evaluated, a re-evaluation chunk not finished (each normally within seconds). One number for every sweeper.
PRESUMED_LOST_AFTER = timedelta(minutes=10)
RESEND_AFTER = PRESUMED_LOST_AFTER


class OutboxMessage(models.Model):
    """One task to start, by name, with its keyword arguments; `sent` once Celery accepted it."""

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created = models.DateTimeField(_("written"), default=timezone.now, db_index=True)
    sent = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        app_label = "portal"
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["created"], condition=models.Q(sent__isnull=True), name="outbox_unsent")]

    def __str__(self) -> str:
        return f"{self.task}({self.kwargs})"


def _task(name: str):
    registry = current_app.tasks
    if name not in registry:
        # A web process has not imported the apps' task modules (a worker does at start): import them now.
        current_app.loader.import_default_modules()
    return registry[name]


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand one unsent row to Celery and mark it sent; False when the send failed (it stays for the sweeper).
    A row another process is sending right now (locked) or already sent is left alone."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id, sent=None).first()
        if message is None:
            return False
        message.attempts += 1
        message.save(update_fields=["attempts"])
    # Sent outside the lock's transaction: an eager task runs here and writes in its own transactions.
    try:
        result = _task(message.task).apply_async(kwargs=message.kwargs)
    except Exception:
        if current_app.conf.task_always_eager:
            raise  # eagerly, the task's own error is the caller's (as with a direct call)
        logger.exception("Outbox message %s (%s) not sent; the sweeper sends it again", message.pk, message.task)
        return False
    if result is None:  # portal.celery.Task: the broker is unreachable
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent=timezone.now())
    return True


def outbox_send(*, task: str, kwargs: dict | None = None, robust: bool = False) -> OutboxMessage:
    """Write the row in the caller's transaction; send it after commit. `robust`: an error while sending (or,
    eagerly, running) the task is logged instead of reaching the caller, whose work is saved already."""
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs or {})
    transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk), robust=robust)
    return message


def outbox_sweep(*, older_than: timedelta = RESEND_AFTER, now=None) -> list[int]:
    """Send again the rows written more than `older_than` ago and never sent. Returns the ids sent now."""
    now = now or timezone.now()
    pending = OutboxMessage.objects.filter(sent=None, created__lt=now - older_than).order_by("pk")
    return [pk for pk in pending.values_list("pk", flat=True)[:1000] if outbox_dispatch(message_id=pk)]
