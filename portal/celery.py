"""The Celery application. With no REDIS_URL, settings make every task run eagerly in the caller."""

import logging
import os
import threading
import time

from celery import Celery
from celery import Task as BaseTask
from celery.signals import celeryd_after_setup, task_prerun
from django.core.signals import request_started
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

logger = logging.getLogger(__name__)

# Once a send failed, the rest of the same request (or task) does not try again for a while: with Redis hung
# rather than down, each try waits for the socket timeout, and a batch of fifteen applications would wait fifteen
# times. What is skipped is on record like any unsent task, and the sweepers send it.
SKIP_AFTER_FAILURE_SECONDS = 30
_failure = threading.local()


def _reset_failure(**kwargs) -> None:
    _failure.at = None


request_started.connect(_reset_failure, dispatch_uid="portal.celery.reset_send_failure")
task_prerun.connect(_reset_failure, dispatch_uid="portal.celery.reset_send_failure")


def _failed_recently() -> bool:
    failed_at = getattr(_failure, "at", None)
    return failed_at is not None and time.monotonic() - failed_at < SKIP_AFTER_FAILURE_SECONDS


class Task(BaseTask):
    """Sending a task never fails its caller because the broker is away (with Redis stopped, pages and
    submissions keep working). Tasks are sent after commit, from requests whose work is already saved; what a
    broker outage kept from being sent is found on record and sent again by a sweeper (portal/schedules.py):
    chunks of a run, application and assignment notices, an enterprise's re-evaluation after its edit.
    Settings bound how long a send may take (CELERY_TASK_PUBLISH_RETRY_POLICY, CELERY_BROKER_TRANSPORT_OPTIONS),
    and after one failed send the same request or task sends nothing more for a while, so that a hung broker
    costs a request one timeout, not one per task.
    """

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None, **options):
        if self.app.conf.task_always_eager:  # no broker: the task runs here, and its own errors are the caller's
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        if _failed_recently():
            logger.error("Task %s not sent, the broker failed a moment ago (a sweeper sends it again)", self.name)
            return None
        try:
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        except OperationalError as error:
            _failure.at = time.monotonic()
            # Logged as an error for the operators; returns no result, which no caller of ours reads.
            logger.error("Task %s not sent, the broker is unreachable (a sweeper sends it again): %s", self.name, error)
            return None


def consumes_heavy_only(queues) -> bool:
    """Whether a worker consuming `queues` (names) is one of the heavy queue's own."""
    from django.conf import settings

    return set(queues) == {settings.HEAVY_QUEUE}


@celeryd_after_setup.connect(dispatch_uid="portal.celery.heavy_worker_priority")
def _lower_heavy_worker_priority(sender, instance, **kwargs) -> None:
    """A worker started for the heavy queue alone (`-Q heavy`) lowers its own CPU priority before it forks its pool,
    so its processes inherit it: where it shares a machine with the web processes, a large export takes the CPU
    the pages leave. A worker that also consumes the default queue keeps its priority (its tasks are a page's)."""
    from django.conf import settings

    queues = instance.app.amqp.queues.consume_from or {}
    if consumes_heavy_only(queues) and settings.HEAVY_WORKER_NICENESS > 0:
        niceness = os.nice(0)
        os.nice(max(0, settings.HEAVY_WORKER_NICENESS - niceness))
        logger.info("heavy-queue worker %s runs at nice %d", sender, os.nice(0))


app = Celery("portal", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
