"""The portal's one sweeper: everything that must happen in the background and shows no sign of having happened
is started again, with one schedule and one notion of "presumed lost" (portal.core.outbox.PRESUMED_LOST_AFTER)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from accreditation.eligibility.reevaluation import SWEEP_AFTER, reevaluation_sweep
from accreditation.reports.jobs import exports_sweep

from .core.outbox import RESEND_AFTER, outbox_sweep
from .core.task_options import SHORT


@shared_task(name="portal.outbox.sweep", **SHORT)
def sweep(*, older_than_seconds: int | None = None) -> dict:
    """Every two minutes: the outbox's rows not done (never sent, or sent and lost by the broker or a dead worker)
    are sent again; then the two kinds of long work that keep their own state are checked: the chunks of an
    unfinished re-evaluation run (sent again, given up, runs marked finished) and background exports (sent again
    or failed with the reason their owner reads). `older_than_seconds` shortens the grace (tests, by hand)."""
    now = timezone.now()
    grace = None if older_than_seconds is None else timedelta(seconds=older_than_seconds)
    return {
        "outbox": outbox_sweep(older_than=RESEND_AFTER if grace is None else grace, now=now),
        "chunks": reevaluation_sweep(older_than=SWEEP_AFTER if grace is None else grace),
        "exports": exports_sweep(now=now),
    }
