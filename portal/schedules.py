"""Periodic work, kept in code and written into django-celery-beat's tables by `manage.py sync_schedules`
(run by `make setup`), so every environment runs the same schedule and an administrator can still pause one.
Times are Asia/Shanghai (settings.CELERY_TIMEZONE)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str
    hour: str
    day_of_month: str = "*"
    month_of_year: str = "*"
    day_of_week: str = "*"


SCHEDULES = (
    Schedule("Mark expired and due accreditations", "accreditation.tasks.refresh_accreditation_statuses", "10", "1"),
    Schedule("Accredit applications whose public notice ended", "accreditation.tasks.close_public_notices", "20", "1"),
    Schedule("Re-evaluate every enterprise", "accreditation.tasks.reevaluate_all", "30", "2"),
    Schedule("Send again lost re-evaluation chunks", "accreditation.tasks.sweep_reevaluation", "*/5", "*"),
)
