"""Heavy work has its own Celery queue: a large export goes to it, and a worker started for it alone (`-Q heavy`)
writes the export at a lower CPU priority, while the short tasks of the pages wait on the default queue for their
own workers. A real Celery worker in a process of its own, on a redis-server of the test's own and the test
database (services_support); skipped without PostgreSQL and /usr/bin/redis-server, failing under
REQUIRE_SERVICES=1."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accreditation.eligibility.models import ReevaluationRun
from accreditation.eligibility.reevaluation import reevaluation_start
from accreditation.reports.models import ExportJob, ExportState
from accreditation.tests.services_support import (
    REDIS_SERVER,
    RedisServer,
    Worker,
    database_url,
    publishing_to,
    wait_until,
)
from conftest import skip_or_fail
from enterprises.tests.factories import EnterpriseFactory
from portal.celery import app, consumes_heavy_only

pytestmark = [pytest.mark.services, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def niceness(pid: int) -> int:
    """The nice value of process `pid` (field 19 of /proc/<pid>/stat, after the parenthesised command name)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[16])


def queue_of(task: str) -> str:
    return app.amqp.router.route({}, task)["queue"].name


def test_large_exports_and_the_nightly_chunks_go_to_the_heavy_queue_and_page_work_stays_on_the_default():
    assert {task: queue_of(task) for task in settings.HEAVY_TASKS} == dict.fromkeys(settings.HEAVY_TASKS, "heavy")
    for task in ("accreditation.tasks.reevaluate_enterprise_task", "accreditation.tasks.send_application_notices"):
        assert queue_of(task) == "celery"
    assert consumes_heavy_only(["heavy"]) and not consumes_heavy_only(["celery", "heavy"])


def test_a_worker_of_the_heavy_queue_alone_writes_a_large_export_at_a_lower_priority(
    request, client, official, settings
):
    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not point at PostgreSQL (the worker is another process)")
    if not os.access(REDIS_SERVER, os.X_OK):
        skip_or_fail(f"redis-server is not installed at {REDIS_SERVER} (apt-get install redis-server)")
    request.getfixturevalue("reference_data")
    settings.EXPORT_BACKGROUND_ROWS = 3
    EnterpriseFactory.create_batch(6)
    broker = RedisServer()
    worker = Worker(broker_url=broker.url, db_url=database_url(connection.settings_dict), concurrency=1, queues="heavy")
    try:
        broker.start()
        worker.start()
        with publishing_to(broker.url):
            wait_until(broker.consumers, timeout=60, what="the heavy worker to connect to its broker")
            client.force_login(official)
            response = client.post(reverse("accreditation:export", kwargs={"source": "enterprises", "fmt": "csv"}))
            job = ExportJob.objects.get()
            assert (response.status_code, job.in_background) == (302, True)
            wait_until(
                lambda: ExportJob.objects.filter(pk=job.pk, state=ExportState.DONE).exists(),
                timeout=60,
                what="the heavy worker to write the export",
            )
            job.refresh_from_db()
            assert (job.rows, job.progress) == (6, 100)
            # Its pool process runs at the lower priority the settings give it.
            assert [niceness(pid) for pid in worker.pool_processes()] == [settings.HEAVY_WORKER_NICENESS]

            # A chunk of the nightly run is heavy work too; an enterprise's own re-evaluation after its profile
            # was saved is a page's: it waits on the default queue for a worker of that queue, never this one.
            run = reevaluation_start(chunk_size=100)
            wait_until(
                lambda: ReevaluationRun.objects.filter(pk=run.pk, finished__isnull=False).exists(),
                timeout=60,
                what="the heavy worker to do the run's chunk",
            )
            EnterpriseFactory()
            assert (broker.queued("celery"), broker.queued("heavy")) == (1, 0)
    finally:
        worker.stop()
        broker.stop()
        print(worker.output()[-20_000:])  # shown only when the test failed
        worker.log.unlink(missing_ok=True)
