"""Celery tasks of the pool: thin wrappers over services, safe to run twice.

Each has an explicit name, which services write into the outbox (portal.core.outbox) and the schedules name: a
rename of the function must not change it. Each takes the options of portal.core.task_options (retries, time
limits)."""

from celery import shared_task
from django.utils import timezone

from accreditation import services
from accreditation.alerts.notify import annual_update_reminders
from accreditation.alerts.raising import alerts_refresh_all, alerts_refresh_enterprises, alerts_refresh_touched
from accreditation.applications.notices import notify_assignment, notify_decline, notify_event
from accreditation.applications.services import applications_close_notices
from accreditation.claim_notices import notify_claim
from accreditation.eligibility.reevaluation import reevaluate_chunk_by_id, reevaluate_enterprise, reevaluation_start
from accreditation.notices.services import digests_send
from accreditation.reports.jobs import export_job_run, exports_expire
from accreditation.score_notices import notify_score_decided
from portal.core import dates
from portal.core.task_options import LONG, SHORT


@shared_task(name="accreditation.tasks.refresh_accreditation_statuses", **LONG)
def refresh_accreditation_statuses() -> dict[str, int]:
    """Daily: records past their date become expired, those within 180 days of it fall due for renewal."""
    return services.accreditations_refresh_statuses(today=dates.today())


# --- applications: notices after each step, and the end of public notices --------------------------


@shared_task(name="accreditation.tasks.send_application_notices", **SHORT)
def send_application_notices(*, event_id: int) -> int:
    """After a step of an application: inbox notices and emails to everyone concerned (sent once)."""
    return notify_event(event_id)


@shared_task(name="accreditation.tasks.send_assignment_notice", **SHORT)
def send_assignment_notice(*, assignment_id: int) -> int:
    """After a reviewer was assigned: tell them (sent once)."""
    return notify_assignment(assignment_id)


@shared_task(name="accreditation.tasks.send_score_notices", **SHORT)
def send_score_notices(*, score_id: int) -> int:
    """After an official decided on a development evaluation score: tell the enterprise's members (sent once)."""
    return notify_score_decided(score_id)


@shared_task(name="accreditation.tasks.send_decline_notice", **SHORT)
def send_decline_notice(*, assignment_id: int) -> int:
    """After an expert declined for a conflict: tell the official who assigned them (sent once)."""
    return notify_decline(assignment_id)


@shared_task(name="accreditation.tasks.close_public_notices", **LONG)
def close_public_notices() -> list[int]:
    """Daily: applications whose public notice ended become accredited, with their record. Idempotent."""
    return applications_close_notices(today=dates.today())


# --- re-evaluation: nightly run in chunks, a sweeper for lost chunks, one enterprise after its edit --


@shared_task(name="accreditation.tasks.reevaluate_chunk_task", **LONG)
def reevaluate_chunk_task(*, chunk_id: int) -> int:
    """One chunk of a run; a chunk already done is a no-op. Returns the number of assessments changed."""
    return reevaluate_chunk_by_id(chunk_id=chunk_id).assessments_changed


@shared_task(name="accreditation.tasks.reevaluate_all", **LONG)
def reevaluate_all() -> int:
    """Nightly: start a run over every enterprise (its chunks go out as tasks). Returns the run's id."""
    return reevaluation_start(as_of=dates.today()).pk


@shared_task(name="accreditation.tasks.reevaluate_enterprise_task", **SHORT)
def reevaluate_enterprise_task(*, enterprise_id: int) -> int:
    """After an enterprise's figures or profile were saved: its own re-evaluation, today."""
    changed = reevaluate_enterprise(enterprise_id=enterprise_id).assessments_changed
    # Its alerts at once (not at the next periodic pass), so the enterprise reads the news right after its edit.
    refresh_enterprise_alerts.delay(enterprise_id=enterprise_id)
    return changed


# --- tier reports: large exports in the background, and the daily cleanup of their files ---------------


@shared_task(name="accreditation.tasks.run_export_task", acks_late=True, soft_time_limit=1800, time_limit=1900)
def run_export_task(*, job_id: int) -> int:
    """Write the file of a large export; a job already finished is a no-op. A failure is recorded on the job, not
    retried: its owner sees it and asks again. Returns the rows written."""
    return export_job_run(job_id=job_id).rows or 0


@shared_task(name="accreditation.tasks.expire_exports", **LONG)
def expire_exports() -> int:
    """Daily: delete the files of exports finished more than a day ago (their log rows stay)."""
    return exports_expire(now=timezone.now())


# --- alerts: raised from eligibility changes and dates, told to enterprises, emailed as a digest ------


@shared_task(name="accreditation.tasks.refresh_enterprise_alerts", **SHORT)
def refresh_enterprise_alerts(*, enterprise_id: int) -> dict[str, int]:
    """After an enterprise's own re-evaluation: raise and resolve its alerts, notify its members (sent once)."""
    return alerts_refresh_enterprises(enterprise_ids=[enterprise_id], today=dates.today())


@shared_task(name="accreditation.tasks.raise_alerts_from_changes", **SHORT)
def raise_alerts_from_changes() -> dict[str, int]:
    """Every few minutes: the alerts of enterprises touched since the last pass (new eligibility changes of a
    run, application steps, title edits). Idempotent."""
    return alerts_refresh_touched()


@shared_task(name="accreditation.tasks.refresh_all_alerts", **LONG)
def refresh_all_alerts() -> dict[str, int]:
    """Daily: every enterprise's alerts, as dates move (titles entering the 90- and 30-day windows, the annual
    update's deadline passing), with the notices they call for. Idempotent."""
    return alerts_refresh_all(today=dates.today())


@shared_task(name="accreditation.tasks.remind_annual_update", **LONG)
def remind_annual_update() -> int:
    """Daily: inside the reminder windows before the annual-update deadline, remind enterprises (once each)."""
    return annual_update_reminders(today=dates.today())


@shared_task(name="accreditation.tasks.send_alert_digests", **LONG)
def send_alert_digests() -> int:
    """Daily: one email per user gathering their alert notices not emailed yet (one digest a day at most)."""
    return digests_send(today=dates.today())


@shared_task(name="accreditation.tasks.send_claim_notices", **SHORT)
def send_claim_notices(*, membership_id: int, event: str) -> int:
    """After a claim was made or decided: inbox notices and emails to the claimant and the verified members."""
    return notify_claim(membership_id, event)
