"""Background exports always end: a job whose message was lost (Redis down when it was requested) or whose worker
was killed mid-file is sent again by the sweeper, and after a few sends it fails with a reason its owner reads;
the job's page stops asking once the job has ended, and asks less often as it ages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accreditation.reports.jobs import MAX_SENDS, QUEUED_GRACE, RUNNING_GRACE, exports_sweep
from accreditation.reports.models import ExportFailure, ExportJob, ExportState
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def stalled(owner, state: str, silent_for: timedelta, **fields) -> ExportJob:
    """A background export of the enterprise list left in `state`, with no sign of life for `silent_for`."""
    job = ExportJob.objects.create(
        user=owner, source="enterprises", format="csv", language="en", in_background=True, rows=3, state=state, **fields
    )
    ExportJob.objects.filter(pk=job.pk).update(
        created=timezone.now() - silent_for, heartbeat=timezone.now() - silent_for
    )
    return job


def page(client, job):
    return client.get(reverse("accreditation:export_job", kwargs={"pk": job.pk})).content.decode()


@pytest.mark.parametrize(
    ("state", "silent_for"),
    [
        (ExportState.QUEUED, QUEUED_GRACE + timedelta(seconds=1)),  # requested while Redis was down
        (ExportState.RUNNING, RUNNING_GRACE + timedelta(seconds=1)),  # worker killed mid-file, at 40 %
    ],
)
def test_a_stalled_export_is_sent_again_and_finishes_with_every_row_once(
    client, official, state, silent_for, django_capture_on_commit_callbacks
):
    EnterpriseFactory.create_batch(3)
    job = stalled(official, state, silent_for, progress=40 if state == ExportState.RUNNING else 0)

    with django_capture_on_commit_callbacks(execute=True):
        swept = exports_sweep(now=timezone.now())

    job.refresh_from_db()
    assert swept == {"resent": [job.pk], "failed": []}
    assert (job.state, job.rows, job.progress, job.attempts) == (ExportState.DONE, 3, 100, 2)
    client.force_login(official)
    download = client.get(reverse("accreditation:export_download", kwargs={"pk": job.pk}))
    assert len(b"".join(download.streaming_content).decode("utf-8-sig").strip().splitlines()) == 1 + 3


def test_a_job_still_within_its_grace_is_left_alone(official):
    queued = stalled(official, ExportState.QUEUED, QUEUED_GRACE - timedelta(seconds=10))
    running = stalled(official, ExportState.RUNNING, RUNNING_GRACE - timedelta(seconds=10))

    assert exports_sweep(now=timezone.now()) == {"resent": [], "failed": []}
    assert ExportJob.objects.get(pk=queued.pk).state == ExportState.QUEUED
    assert ExportJob.objects.get(pk=running.pk).state == ExportState.RUNNING


@pytest.mark.parametrize(
    ("state", "failure"),
    [(ExportState.QUEUED, ExportFailure.NOT_STARTED), (ExportState.RUNNING, ExportFailure.INTERRUPTED)],
)
def test_after_its_last_send_the_export_fails_and_its_page_says_why_and_stops_asking(client, official, state, failure):
    job = stalled(official, state, RUNNING_GRACE + timedelta(seconds=1), attempts=MAX_SENDS)
    client.force_login(official)

    swept = exports_sweep(now=timezone.now())

    job.refresh_from_db()
    assert swept == {"resent": [], "failed": [job.pk]}
    assert (job.state, job.failure) == (ExportState.FAILED, failure)
    shown = page(client, job)
    assert escape(str(failure.label)) in shown
    assert "hx-trigger" not in shown


def test_the_page_asks_less_often_as_the_job_ages(client, official):
    client.force_login(official)
    young = stalled(official, ExportState.RUNNING, timedelta(seconds=5))
    older = stalled(official, ExportState.RUNNING, timedelta(minutes=2))
    old = stalled(official, ExportState.RUNNING, timedelta(minutes=20))

    assert [
        'hx-trigger="every 1s"' in page(client, young),
        'hx-trigger="every 5s"' in page(client, older),
        'hx-trigger="every 15s"' in page(client, old),
    ] == [True, True, True]
