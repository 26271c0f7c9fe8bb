"""Pages of tier reports: exporting a filtered list or the summary workbook, following a large export's progress,
and downloading its file.

An export is asked for by POST from the list page, with the list's own query string (filters and sort order) on
the URL, so it holds exactly what the list shows. Up to `background_rows()` rows the file comes back at once;
above, the export runs as a task and the browser goes to its page, which polls with htmx until the download link
shows. An export's page and file exist only for the person who asked: anyone else gets a 404.
"""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_POST

from accreditation.reports import jobs
from accreditation.reports.models import ExportFormat, ExportJob, ExportSource, ExportState

# The file of an inline XLSX stays in memory up to this size, then spills to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024


@login_required
@require_POST
def export_start(request, source: str, fmt: str):
    if not jobs.is_valid(source, fmt) or not jobs.may_export(request.user, source):
        raise Http404
    day = jobs.today()
    rows = jobs.export_count(user=request.user, source=source, query=request.GET, day=day)
    job = jobs.export_start(user=request.user, source=source, fmt=fmt, query=request.GET, rows=rows)
    if job.in_background:
        return redirect("accreditation:export_job", pk=job.pk)
    filename = jobs.download_name(job)
    if fmt == ExportFormat.CSV:
        chunks = jobs.stream_csv(
            source=source,
            user=request.user,
            query=request.GET,
            day=day,
            language=translation.get_language(),
            rows=rows,
        )
        response = StreamingHttpResponse(chunks, content_type=jobs.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    jobs.write_export(handle, job=job, day=day)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=jobs.CONTENT_TYPES[fmt])


def _own_job(request, pk: int) -> ExportJob:
    """The user's own export; anyone else's does not exist for them (administrators included)."""
    job = get_object_or_404(ExportJob.objects.filter(user=request.user), pk=pk)
    if not request.user.has_perm("accreditation.view_export", job):
        raise Http404
    return job


def _downloadable(job: ExportJob) -> bool:
    """Finished with a file, and not past the day it is kept (even before the cleanup task has run)."""
    return (
        job.state == ExportState.DONE
        and bool(job.file)
        and job.finished is not None
        and timezone.now() - job.finished <= jobs.KEEP_FOR
    )


@login_required
@require_GET
def export_job(request, pk: int):
    """The page of a background export; with htmx (HX-Request), only its status block, polled until finished."""
    job = _own_job(request, pk)
    context = {
        "job": job,
        "poll_seconds": poll_seconds(job),
        "downloadable": _downloadable(job),
        "expired": job.state == ExportState.EXPIRED or (job.state == ExportState.DONE and not _downloadable(job)),
        "list_url": _list_url(job),
    }
    template = "accreditation/export_job.html"
    if request.headers.get("HX-Request") == "true":
        template += "#status"
    return render(request, template, context)


def poll_seconds(job) -> int:
    """How often the job's page asks again: every second while a job is young, then less and less often (a long
    export need not cost a request a second for minutes)."""
    age = (timezone.now() - job.created).total_seconds()
    if age < 30:
        return 1
    if age < 300:
        return 5
    return 15


@login_required
@require_GET
def export_download(request, pk: int):
    job = _own_job(request, pk)
    if not _downloadable(job):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=jobs.download_name(job), content_type=jobs.CONTENT_TYPES[job.format]
    )


def _list_url(job: ExportJob) -> str:
    base = reverse("enterprises:list" if job.source == ExportSource.ENTERPRISES else "accreditation:list")
    return f"{base}?{job.query}" if job.query else base
