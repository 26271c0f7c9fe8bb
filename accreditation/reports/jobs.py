"""Services of exports: every export is logged as an `ExportJob` (who, when, which list and filter, how many
rows); one over `background_rows()` rows runs as a Celery task (eagerly without a broker) that writes its file to
private storage, where it stays for `KEEP_FOR`, downloadable by its owner only.

Side effects: `export_start` writes the log row and, for a large export, sends `run_export_task` after commit;
`export_job_run` writes a file to private storage and updates the job; `exports_expire` deletes files.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accreditation.models import Tier
from accreditation.reports import bulk
from accreditation.reports import rules as _rules  # noqa: F401 - registers the export permissions `may_export` asks for
from accreditation.reports.columns import headers
from accreditation.reports.lists import export_query, list_queryset
from accreditation.reports.models import ExportFailure, ExportFormat, ExportJob, ExportSource, ExportState
from accreditation.reports.rows import current_records
from accreditation.reports.summary import summary_count, write_summary
from accreditation.reports.writers import Progress, csv_chunks, write_csv, write_report_sheet
from enterprises.models import Enterprise
from portal.core import dates
from portal.core.outbox import outbox_send

logger = logging.getLogger(__name__)

DEFAULT_BACKGROUND_ROWS = 5000  # larger exports run as a task, with progress shown
KEEP_FOR = timedelta(days=1)  # finished files are kept for a day
PROGRESS_STEP = 5  # percent between two progress writes
HEARTBEAT_EVERY = timedelta(seconds=30)  # a running job's sign of life, even when its percentage does not move
# A queued job not taken up within QUEUED_GRACE (its message lost: Redis was down or lost it) and a running job
# silent for RUNNING_GRACE (its worker killed mid-file; the message was already acknowledged) are sent again, up to
# MAX_SENDS sends in all; then they fail with the reason on their page.
QUEUED_GRACE = timedelta(minutes=2)
RUNNING_GRACE = timedelta(minutes=5)
MAX_SENDS = 3
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_PREFIXES = {
    ExportSource.ENTERPRISES: "enterprises",
    ExportSource.ACCREDITATIONS: "accreditations",
    ExportSource.SUMMARY: "tier-summary",
}
# Permissions: the list's own, then the export's.
PERMISSIONS = {
    ExportSource.ENTERPRISES: ("enterprises.list_enterprises", "accreditation.export_reports"),
    ExportSource.ACCREDITATIONS: ("accreditation.view_pool", "accreditation.export_reports"),
    ExportSource.SUMMARY: ("accreditation.view_pool", "accreditation.export_summary"),
}


def background_rows() -> int:
    """Exports with more rows than this run in the background (setting EXPORT_BACKGROUND_ROWS)."""
    return getattr(settings, "EXPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)


def is_valid(source: str, fmt: str) -> bool:
    """The summary is a workbook: XLSX only."""
    if source not in ExportSource.values or fmt not in ExportFormat.values:
        return False
    return source != ExportSource.SUMMARY or fmt == ExportFormat.XLSX


def may_export(user, source: str) -> bool:
    return all(user.has_perm(perm) for perm in PERMISSIONS[source])


def today() -> dt.date:
    return dates.today()


# --- what an export holds --------------------------------------------------------------------------------------


def export_count(*, user, source: str, query: QueryDict, day: dt.date) -> int:
    if source == ExportSource.SUMMARY:
        return summary_count(day=day)
    return list_queryset(source, user, query, day=day).count()


def report_rows(source: str, queryset: QuerySet, *, day: dt.date, expected: int | None = None) -> Iterator[list]:
    return bulk.report_rows(source, queryset, day=day, expected=expected)


def tier_report_queryset(*, tier: Tier | None, day: dt.date) -> QuerySet[Enterprise]:
    """Every enterprise (the command's report), or those whose current tier on `day` is `tier`; by name."""
    enterprises = Enterprise.objects.all()
    if tier is not None:
        enterprises = enterprises.filter(pk__in=current_records(day=day).filter(tier=tier).values("enterprise_id"))
    return enterprises.order_by("name_zh", "pk")


def write_rows(
    handle, *, source: str, fmt: str, rows: Iterator[list], title: str, progress: Progress | None = None
) -> int:
    """Write report rows as CSV or a one-sheet workbook to the binary file `handle`; returns the row count.
    Headers follow the active language."""
    columns = headers(source)
    if fmt == ExportFormat.CSV:
        counter = _Counter(progress)
        write_csv(handle, columns, rows, progress=counter)
        return counter.count
    workbook = Workbook(write_only=True)
    count = write_report_sheet(workbook.create_sheet(title[:31]), columns, rows, progress=progress)
    workbook.save(handle)
    return count


class _Counter:
    """A progress callback that also remembers the last count."""

    def __init__(self, progress: Progress | None):
        self.progress, self.count = progress, 0

    def __call__(self, done: int) -> None:
        self.count = done
        if self.progress is not None:
            self.progress(done)


def sheet_title(source: str) -> str:
    return _("Accreditation records") if source == ExportSource.ACCREDITATIONS else _("Enterprises")


def write_export(handle, *, job: ExportJob, day: dt.date, progress: Progress | None = None) -> int:
    """Write what `job` asks for (its list, filter, format; in its language) to `handle`; returns the rows."""
    with translation.override(job.language):
        if job.source == ExportSource.SUMMARY:
            return write_summary(handle, day=day, progress=progress)
        queryset = list_queryset(job.source, job.user, QueryDict(job.query), day=day)
        rows = report_rows(job.source, queryset, day=day, expected=job.rows)
        return write_rows(
            handle, source=job.source, fmt=job.format, rows=rows, title=sheet_title(job.source), progress=progress
        )


def stream_csv(*, source: str, user, query: QueryDict, day: dt.date, language: str, rows: int) -> Iterator[str]:
    """The CSV of a list (about `rows` rows), generated as the response is sent (after the view returned: hence
    the language)."""
    with translation.override(language):
        queryset = list_queryset(source, user, query, day=day)
        yield from csv_chunks(headers(source), report_rows(source, queryset, day=day, expected=rows))


# --- services ----------------------------------------------------------------------------------------------------


def export_start(*, user, source: str, fmt: str, query: QueryDict, rows: int) -> ExportJob:
    """Log an export of `rows` rows of a list (its `query`: filters and sort) in the active language. Over
    `background_rows()` the job is queued and `run_export_task` sent after commit; otherwise the caller sends the
    file at once and the log row is already finished."""
    if not is_valid(source, fmt):
        raise ValueError(f"no such export: {source} as {fmt}")
    if not may_export(user, source):
        raise PermissionDenied
    background = rows > background_rows()
    now = timezone.now()
    job = ExportJob(
        user=user,
        source=source,
        query=export_query(query) if source != ExportSource.SUMMARY else "",
        format=fmt,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        in_background=background,
        rows=rows,
        state=ExportState.QUEUED if background else ExportState.DONE,
        progress=0 if background else 100,
        finished=None if background else now,
        heartbeat=now if background else None,
    )
    job.full_clean()
    job.save()
    if background:
        outbox_send(task="accreditation.tasks.run_export_task", kwargs={"job_id": job.pk})
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Run a queued export: write its file to private storage, updating its progress on the way. A job already
    finished is left alone, so a task delivered twice does nothing the second time. A failure is recorded on the
    job (the page tells its owner), not raised."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return job
        job.state, job.progress, job.heartbeat = ExportState.RUNNING, 0, timezone.now()
        job.save(update_fields=["state", "progress", "heartbeat"])
    expected = job.rows or 0
    shown = {"percent": 0, "beat": job.heartbeat}

    def progress(done: int) -> None:
        # One UPDATE per PROGRESS_STEP percent or HEARTBEAT_EVERY at most (each is a commit); 99 until stored.
        percent = min(99, done * 100 // expected) if expected else 0
        now = timezone.now()
        if percent >= shown["percent"] + PROGRESS_STEP or now - shown["beat"] >= HEARTBEAT_EVERY:
            shown["percent"], shown["beat"] = max(percent, shown["percent"]), now
            ExportJob.objects.filter(pk=job.pk).update(progress=shown["percent"], heartbeat=now)

    try:
        with tempfile.TemporaryFile() as handle:
            rows = write_export(handle, job=job, day=today(), progress=progress)
            handle.seek(0)
            job.file.save(f"{FILE_PREFIXES[job.source]}-{job.pk}.{job.format}", File(handle), save=False)
    except Exception as error:
        logger.exception("export %s failed", job.pk)
        job.state, job.error, job.finished = ExportState.FAILED, f"{type(error).__name__}: {error}", timezone.now()
        job.failure = ExportFailure.ERROR
        job.save(update_fields=["state", "error", "failure", "finished"])
        return job
    job.rows, job.state, job.progress, job.finished = rows, ExportState.DONE, 100, timezone.now()
    job.save(update_fields=["file", "rows", "state", "progress", "finished"])
    return job


def exports_sweep(*, now: dt.datetime) -> dict[str, list[int]]:
    """Send again the background exports that show no sign of life: queued past QUEUED_GRACE (never taken up)
    or running past RUNNING_GRACE (their worker died), from the start; a job sent MAX_SENDS times fails instead,
    with the reason its owner reads. A job a worker is starting right now (its row locked) is left alone.
    Returns the ids sent again and failed. Safe to run twice."""
    resent, failed = [], []
    with transaction.atomic():
        stale = ExportJob.objects.select_for_update(skip_locked=True).filter(
            Q(state=ExportState.QUEUED, heartbeat__lt=now - QUEUED_GRACE)
            | Q(state=ExportState.RUNNING, heartbeat__lt=now - RUNNING_GRACE),
            in_background=True,
        )
        for job in stale:
            if job.attempts >= MAX_SENDS:
                job.failure = (
                    ExportFailure.NOT_STARTED if job.state == ExportState.QUEUED else ExportFailure.INTERRUPTED
                )
                job.state, job.finished = ExportState.FAILED, now
                job.error = f"no sign of life after {job.attempts} sends ({job.failure})"
                failed.append(job.pk)
            else:
                job.state, job.progress, job.heartbeat, job.attempts = ExportState.QUEUED, 0, now, job.attempts + 1
                resent.append(job.pk)
            job.save(update_fields=["state", "progress", "heartbeat", "attempts", "failure", "finished", "error"])
        if resent:
            for pk in resent:
                outbox_send(task="accreditation.tasks.run_export_task", kwargs={"job_id": pk})
    if resent or failed:
        logger.warning("exports sent again: %s; failed: %s", resent, failed)
    return {"resent": resent, "failed": failed}


def exports_expire(*, now: dt.datetime) -> int:
    """Delete the files of exports finished more than `KEEP_FOR` before `now`; their log rows stay, marked expired.
    Returns how many files went. Safe to run twice."""
    expired = 0
    jobs = ExportJob.objects.filter(finished__lt=now - KEEP_FOR).exclude(file="")
    for job in jobs.only("pk", "file"):
        job.file.storage.delete(job.file.name)  # a file already gone is no error: the row is still cleared
        ExportJob.objects.filter(pk=job.pk).update(file="", state=ExportState.EXPIRED)
        expired += 1
    return expired


def download_name(job: ExportJob) -> str:
    created = timezone.localtime(job.created)
    return f"{FILE_PREFIXES[job.source]}-{created:%Y%m%d-%H%M}.{job.format}"
