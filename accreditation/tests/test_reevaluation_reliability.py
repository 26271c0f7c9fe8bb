"""The re-evaluation holds against real faults: a Celery worker in a
process of its own on the test database, a redis-server of the test's own that is killed and started again, and
pool processes killed mid-chunk. Needs PostgreSQL (the worker is another process) and /usr/bin/redis-server;
skipped without them, failing instead under REQUIRE_SERVICES=1.

"Exactly once" is read from what a run leaves: every chunk done, the enterprise counts of its chunks adding up to
the run's, each chunk's `changed` equal to every row of its enterprises (a second evaluation of a chunk would
have found nothing to change and the chunk would say 0), all rows of a chunk written at one instant (one
transaction), and one change record per verdict.
"""

import datetime as dt
import os
import signal
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from factory.django import mute_signals

from accreditation.applications.models import ApplicationState
from accreditation.eligibility.models import (
    ChangeKind,
    ChunkState,
    EligibilityAssessment,
    EligibilityChange,
    ReevaluationChunk,
    ReevaluationRun,
)
from accreditation.eligibility.reevaluation import reevaluate_enterprise, reevaluation_start, reevaluation_sweep
from accreditation.notices.models import Notice, NoticeKind
from accreditation.tests.applications import Journey
from accreditation.tests.services_support import (
    REDIS_SERVER,
    LockHolder,
    RedisServer,
    Worker,
    database_url,
    publishing_to,
    wait_until,
)
from accreditation.tests.test_reevaluation import AS_OF, TIERS, healthy_enterprise
from conftest import skip_or_fail
from enterprises.models import AnnualFigures
from enterprises.selectors import evaluation_years
from enterprises.signals import facts_changed
from enterprises.tests.factories import AnnualFiguresFactory
from enterprises.tests.test_views_sme import figures_data
from portal.core.outbox import OutboxMessage
from portal.tasks import sweep

pytestmark = [
    pytest.mark.services,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),  # committed, so the worker's own connection sees it
]

ASSESSMENTS = EligibilityAssessment._meta.db_table
RUN_TIMEOUT = 30  # seconds a run of a few chunks may take on two busy cores; it takes one or two


class Services:
    def __init__(self, broker: RedisServer, worker: Worker, holder: LockHolder) -> None:
        self.broker, self.worker, self.holder = broker, worker, holder


def start_services(request, concurrency: int):
    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL does not point at PostgreSQL (the worker is another process)")
    if not os.access(REDIS_SERVER, os.X_OK):
        skip_or_fail(f"redis-server is not installed at {REDIS_SERVER} (apt-get install redis-server)")
    request.getfixturevalue("reference_data")  # tiers and roles, after the checks: a skip is quick
    broker = RedisServer()
    worker = Worker(broker_url=broker.url, db_url=database_url(connection.settings_dict), concurrency=concurrency)
    holder = LockHolder(connection.settings_dict)
    try:
        broker.start()
        worker.start()
        with publishing_to(broker.url):
            wait_until(broker.consumers, timeout=60, what="the worker to connect to its broker")
            yield Services(broker, worker, holder)
    finally:
        holder.close()
        worker.stop()
        broker.stop()
        print(worker.output()[-20_000:])  # shown only when the test failed
        worker.log.unlink(missing_ok=True)


@pytest.fixture
def services(request):
    """A private Redis, a worker with two pool processes on the test database, and this process sending its
    tasks to that Redis as a web process does."""
    yield from start_services(request, concurrency=2)


@pytest.fixture
def one_process_services(request):
    yield from start_services(request, concurrency=1)


def seed(count: int) -> list:
    """`count` healthy enterprises, nothing assessed: their saves queue no re-evaluation of their own here."""
    with mute_signals(facts_changed):
        return [healthy_enterprise() for _ in range(count)]


def finished(run: ReevaluationRun) -> bool:
    return ReevaluationRun.objects.filter(pk=run.pk, finished__isnull=False).exists()


def done_chunks(run: ReevaluationRun) -> list[int]:
    return list(run.chunks.filter(state=ChunkState.DONE).values_list("pk", flat=True))


def wait_for_the_end(run: ReevaluationRun) -> None:
    """Wait until every chunk of `run` is done, then sweep as the beat would: nothing is left to send again,
    and the run is finished (by its last chunk, or by this sweep when its last two chunks finished at the same
    time and each saw the other still pending)."""
    wait_until(
        lambda: not run.chunks.filter(state=ChunkState.PENDING).exists(), timeout=RUN_TIMEOUT, what="every chunk"
    )
    assert reevaluation_sweep(older_than=dt.timedelta(0)) == []
    assert finished(run)


def assert_each_enterprise_evaluated_once(run: ReevaluationRun, enterprises: list) -> None:
    chunks = list(run.chunks.all())
    assert {chunk.state for chunk in chunks} == {ChunkState.DONE}
    assert sum(chunk.enterprises for chunk in chunks) == run.total == len(enterprises)
    for chunk in chunks:
        ids = [e.pk for e in enterprises if chunk.first_id <= e.pk <= chunk.last_id]
        rows = EligibilityAssessment.objects.filter(enterprise_id__in=ids)
        assert chunk.changed == len(ids) * TIERS == rows.count()
        assert rows.values("updated").distinct().count() == 1  # written by one transaction, once
    per_enterprise = EligibilityAssessment.objects.values_list("enterprise_id", "tier_id", "criteria_version")
    assert len(per_enterprise) == len(set(per_enterprise)) == len(enterprises) * TIERS
    assert sorted(EligibilityChange.objects.values_list("enterprise_id", "tier__code", "kind", "revision", "run")) == (
        sorted(
            (e.pk, code, ChangeKind.NEWLY_ELIGIBLE, 1, run.pk)
            for e in enterprises
            for code in ("innovative", "park-pool")
        )
    )


# --- the broker goes away in the middle of a run -----------------------------------------------------------------


def test_redis_killed_mid_run_and_started_again_loses_no_chunk_and_evaluates_each_enterprise_once(services):
    broker, worker, holder = services.broker, services.worker, services.holder
    enterprises = seed(12)

    # Writes to the assessments wait, so the run stops where we want it: both pool processes inside a chunk.
    holder.lock_table(ASSESSMENTS)
    run = reevaluation_start(as_of=AS_OF, chunk_size=2)  # six chunks, sent on commit
    in_flight = wait_until(lambda: len(holder.waiting_on(ASSESSMENTS)) == 2, timeout=RUN_TIMEOUT, what="2 chunks")
    assert in_flight and broker.queued() == 4

    broker.stop()  # a crash: the four queued messages and the two the worker holds are gone
    holder.release()
    # The two chunks in flight finish while Redis is down (their acknowledgements go nowhere).
    wait_until(lambda: len(done_chunks(run)) == 2, timeout=RUN_TIMEOUT, what="the chunks in flight")
    time.sleep(0.5)
    assert len(done_chunks(run)) == 2 and not finished(run)  # nothing else is coming: the rest was lost

    broker.start()
    lost = sorted(run.chunks.filter(state=ChunkState.PENDING).values_list("pk", flat=True))
    assert sorted(reevaluation_sweep(older_than=dt.timedelta(0))) == lost  # what the beat does every 5 minutes
    wait_for_the_end(run)

    run.refresh_from_db()
    assert_each_enterprise_evaluated_once(run, enterprises)
    assert sorted(run.chunks.values_list("attempts", flat=True)) == [1, 1, 2, 2, 2, 2]
    assert worker.alive()


# --- a pool process dies in the middle of a chunk ----------------------------------------------------------------


def test_a_chunk_whose_pool_process_is_killed_midway_is_redone_once_by_the_sweeper(one_process_services):
    worker, holder = one_process_services.worker, one_process_services.holder
    enterprises = seed(4)

    holder.lock_table(ASSESSMENTS)
    run = reevaluation_start(as_of=AS_OF, chunk_size=2)
    # The pool process has read its chunk's facts and is writing its results when it is killed.
    (backend,) = wait_until(lambda: holder.waiting_on(ASSESSMENTS), timeout=RUN_TIMEOUT, what="a chunk writing")
    (killed,) = worker.pool_processes()
    os.kill(killed, signal.SIGKILL)
    wait_until(lambda: worker.pool_processes() not in ([], [killed]), timeout=RUN_TIMEOUT, what="a new pool process")
    holder.release()
    # The dead process's transaction is rolled back; its message was acknowledged as failed (WorkerLostError;
    # task_reject_on_worker_lost stays off), so only the sweeper brings the chunk back.
    wait_until(lambda: not holder.backends_alive([backend]), timeout=RUN_TIMEOUT, what="the killed chunk's backend")
    wait_until(lambda: len(done_chunks(run)) == 1, timeout=RUN_TIMEOUT, what="the other chunk")
    (dead,) = run.chunks.filter(state=ChunkState.PENDING)
    its_rows = EligibilityAssessment.objects.filter(enterprise_id__gte=dead.first_id, enterprise_id__lte=dead.last_id)
    assert its_rows.count() == 0

    assert reevaluation_sweep(older_than=dt.timedelta(0)) == [dead.pk]
    wait_for_the_end(run)

    run.refresh_from_db()
    assert_each_enterprise_evaluated_once(run, enterprises)
    dead.refresh_from_db()
    assert (dead.state, dead.attempts) == (ChunkState.DONE, 2)
    assert "WorkerLostError" in worker.output()


# --- twice -----------------------------------------------------------------------------------------------------


def test_a_second_run_through_the_worker_changes_nothing_and_records_nothing(services):
    enterprises = seed(6)
    first = reevaluation_start(as_of=AS_OF, chunk_size=2)
    wait_for_the_end(first)
    stored = list(EligibilityAssessment.objects.order_by("pk").values())
    recorded = list(EligibilityChange.objects.order_by("pk").values())

    second = reevaluation_start(as_of=AS_OF, chunk_size=2)
    wait_for_the_end(second)

    first.refresh_from_db()
    assert_each_enterprise_evaluated_once(first, enterprises)
    assert list(second.chunks.values_list("state", "enterprises", "changed")) == [(ChunkState.DONE, 2, 0)] * 3
    assert list(EligibilityAssessment.objects.order_by("pk").values()) == stored  # not even `updated` moved
    assert list(EligibilityChange.objects.order_by("pk").values()) == recorded
    assert not EligibilityChange.objects.filter(run=second).exists()
    assert ReevaluationChunk.objects.filter(run=second).count() == 3


# --- pages and submissions with Redis stopped ------------------------------------------------------------------


def test_with_redis_stopped_pages_and_submissions_work_and_what_they_queued_is_done_after_it_returns(services, client):
    broker = services.broker
    with mute_signals(facts_changed):
        journey = Journey("park-pool")
        first, second, year = evaluation_years(timezone.localdate())
        for earlier in (first, second):
            AnnualFiguresFactory(enterprise=journey.enterprise, year=earlier)
    journey.upload_required()
    enterprise, applicant = journey.enterprise, journey.applicant
    client.force_login(applicant)
    before_outage = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    broker.stop()

    timings = []
    for send in (
        lambda: client.post(reverse("enterprises:figures", kwargs={"pk": enterprise.pk}), figures_data(year)),
        lambda: client.post(
            reverse("applications:preview", kwargs={"pk": journey.pk}),
            {
                "signatory_name": "Zhou Min",
                "signatory_position": "Legal representative",
                "signed_on": timezone.localdate().isoformat(),
                "declaration_confirmed": "on",
                "expected_state": "draft",
            },
        ),
        lambda: client.get(reverse("applications:detail", kwargs={"pk": journey.pk})),
    ):
        started = time.monotonic()
        timings.append((send().status_code, time.monotonic() - started))

    assert [status for status, _seconds in timings] == [302, 302, 200]
    assert max(seconds for _status, seconds in timings) < 3, timings  # a refused send costs a fraction of that
    assert AnnualFigures.objects.filter(enterprise=enterprise, year=year).exists()
    assert journey.refresh().state == ApplicationState.SUBMITTED
    # Nothing was sent: no re-evaluation after the figures, no notice of the submission.
    assert EligibilityAssessment.objects.filter(enterprise=enterprise).count() == 0
    assert Notice.objects.count() == 0

    broker.start()
    sweep.delay(older_than_seconds=0)  # the one sweeper, which the beat sends every two minutes
    wait_until(
        lambda: Notice.objects.exists() and EligibilityAssessment.objects.filter(enterprise=enterprise).exists(),
        timeout=RUN_TIMEOUT,
        what="the redelivered notice and re-evaluation",
    )

    assert list(Notice.objects.values_list("user", "kind")) == [(applicant.pk, NoticeKind.SUBMITTED)]
    assert EligibilityAssessment.objects.filter(enterprise=enterprise).count() == TIERS
    # What the worker stored is the verdict on the figures saved while Redis was down: nothing left to change.
    assert reevaluate_enterprise(enterprise_id=enterprise.pk).assessments_changed == 0
    # The worker's success marked the rows written during the outage done, so no later sweep sends them again.
    during_outage = OutboxMessage.objects.filter(pk__gt=before_outage)
    assert during_outage.exists()
    wait_until(lambda: not during_outage.filter(done=None).exists(), timeout=RUN_TIMEOUT, what="the rows done")
