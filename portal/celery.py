"""The Celery application. With no REDIS_URL, settings make every task run eagerly in the caller."""

import logging
import os

from celery import Celery
from celery import Task as BaseTask
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

logger = logging.getLogger(__name__)


class Task(BaseTask):
    """Sending a task never fails its caller because the broker is away (issue 9: with Redis stopped, pages and
    submissions keep working). Tasks are sent after commit, from requests whose work is already saved; what a
    broker outage kept from being sent is found on record and sent again by a sweeper (portal/schedules.py):
    chunks of a run, application and assignment notices, an enterprise's re-evaluation after its edit.
    Settings bound how long a send may take (CELERY_TASK_PUBLISH_RETRY_POLICY, CELERY_BROKER_TRANSPORT_OPTIONS).
    """

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None, **options):
        if self.app.conf.task_always_eager:  # no broker: the task runs here, and its own errors are the caller's
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        try:
            return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)
        except OperationalError as error:
            # Logged as an error for the operators; returns no result, which no caller of ours reads.
            logger.error("Task %s not sent, the broker is unreachable (a sweeper sends it again): %s", self.name, error)
            return None


app = Celery("portal", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
