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
    # The one sweeper: after a broker outage or a dead worker, what the outbox started and never saw done is
    # started again; lost re-evaluation chunks and stalled exports are sent again or failed with a reason.
    Schedule("Start again background work that was lost", "portal.outbox.sweep", "*/2", "*"),
    # Alerts: after the statuses are marked, every enterprise's alerts (expiry windows, missed annual
    # update) with their 90- and 30-day notices; every few minutes those of enterprises touched since (a run's
    # eligibility changes); reminders before the annual-update deadline; the morning email digest.
    Schedule("Raise expiry, annual-update and eligibility alerts", "accreditation.tasks.refresh_all_alerts", "50", "1"),
    Schedule("Raise alerts from recent changes", "accreditation.tasks.raise_alerts_from_changes", "*/5", "*"),
    Schedule("Remind enterprises of the annual-update deadline", "accreditation.tasks.remind_annual_update", "0", "9"),
    Schedule("Email each user the digest of their alerts", "accreditation.tasks.send_alert_digests", "30", "7"),
    Schedule("Delete export files older than a day", "accreditation.tasks.expire_exports", "40", "1"),
)
