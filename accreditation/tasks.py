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
