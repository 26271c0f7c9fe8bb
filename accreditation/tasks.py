"""Celery tasks of the pool: thin wrappers over services, safe to run twice."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_accreditation_statuses() -> dict[str, int]:
    """Daily: records past their date become expired, those within 180 days of it fall due for renewal."""
    return services.accreditations_refresh_statuses(today=datetime.date.today())


# --- applications (issue 6): notices after each step, and the end of public notices --------------------------


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_application_notices(*, event_id: int) -> int:
    """After a step of an application: inbox notices and emails to everyone concerned (sent once)."""
    from .applications.notices import notify_event

    return notify_event(event_id)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_assignment_notice(*, assignment_id: int) -> int:
    """After a reviewer was assigned: tell them (sent once)."""
    from .applications.notices import notify_assignment

    return notify_assignment(assignment_id)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def close_public_notices() -> list[int]:
    """Daily: applications whose public notice ended become accredited, with their record. Idempotent."""
    from .applications.services import applications_close_notices

    return applications_close_notices(today=timezone.localdate())


# --- re-evaluation (issue 7): nightly run in chunks, a sweeper for lost chunks, one enterprise after its edit --


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def reevaluate_chunk_task(*, chunk_id: int) -> int:
    """One chunk of a run; a chunk already done is a no-op. Returns the number of assessments changed."""
    from .reevaluation import reevaluate_chunk_by_id

    return reevaluate_chunk_by_id(chunk_id=chunk_id).assessments_changed


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def reevaluate_all() -> int:
    """Nightly: start a run over every enterprise (its chunks go out as tasks). Returns the run's id."""
    from .reevaluation import reevaluation_start

    return reevaluation_start(as_of=timezone.localdate()).pk


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def sweep_reevaluation() -> list[int]:
    """Every few minutes: send again the chunks of unfinished runs whose message was lost."""
    from .reevaluation import reevaluation_sweep

    return reevaluation_sweep()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def reevaluate_enterprise_task(*, enterprise_id: int) -> int:
    """After an enterprise's figures or profile were saved: its own re-evaluation, today."""
    from .reevaluation import reevaluate_enterprise

    return reevaluate_enterprise(enterprise_id=enterprise_id).assessments_changed
