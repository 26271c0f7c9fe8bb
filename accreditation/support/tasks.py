"""Celery tasks of support programmes: thin wrappers over services, safe to run twice, started through the outbox
under their explicit names."""

from celery import shared_task

from accreditation.support.notices import notify_payment, notify_support_event
from portal.core.task_options import SHORT


@shared_task(name="accreditation.support.tasks.send_support_notices", **SHORT)
def send_support_notices(*, event_id: int) -> int:
    """After a decision on a support application: tell the enterprise's members (sent once)."""
    return notify_support_event(event_id)


@shared_task(name="accreditation.support.tasks.send_payment_notices", **SHORT)
def send_payment_notices(*, disbursement_id: int) -> int:
    """After a payment: tell the enterprise's members (sent once)."""
    return notify_payment(disbursement_id)
