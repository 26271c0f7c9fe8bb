"""Schedules kept in code reach django-celery-beat, once, and each names a task Celery knows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from portal.celery import app
from portal.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def test_sync_schedules_writes_every_schedule_once():
    call_command("sync_schedules", stdout=StringIO())
    call_command("sync_schedules", stdout=StringIO())

    assert sorted(PeriodicTask.objects.values_list("name", "task")) == sorted((s.name, s.task) for s in SCHEDULES)


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()

    assert {schedule.task for schedule in SCHEDULES} <= set(app.tasks)
