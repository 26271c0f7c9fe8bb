"""Celery tasks of the pool: thin wrappers over services, safe to run twice."""

import datetime

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def refresh_accreditation_statuses() -> dict[str, int]:
    """Daily: records past their date become expired, those within 180 days of it fall due for renewal."""
    return services.accreditations_refresh_statuses(today=datetime.date.today())
