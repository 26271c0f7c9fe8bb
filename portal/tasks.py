"""The portal's own periodic task: the outbox's sweeper."""

from celery import shared_task

from .core.outbox import outbox_sweep


@shared_task(name="portal.outbox.sweep", acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_outbox() -> list[int]:
    """Every few minutes: send again what a broker outage kept from being sent."""
    return outbox_sweep()
