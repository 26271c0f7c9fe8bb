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


def test_a_schedule_retired_from_the_code_leaves_beat_but_an_administrators_own_stays():
    from django_celery_beat.models import IntervalSchedule

    every = IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(
        name="Redo lost re-evaluations after edits", task="accreditation.tasks.gone", interval=every
    )
    PeriodicTask.objects.create(name="Clean up results", task="celery.backend_cleanup", interval=every)

    call_command("sync_schedules", stdout=StringIO())

    assert not PeriodicTask.objects.filter(task="accreditation.tasks.gone").exists()
    assert PeriodicTask.objects.filter(task="celery.backend_cleanup").exists()
    assert PeriodicTask.objects.filter(task="portal.outbox.sweep").count() == 1


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()

    assert {schedule.task for schedule in SCHEDULES} <= set(app.tasks)


def test_alerts_are_raised_every_few_minutes_and_daily_with_reminders_and_a_morning_digest():
    by_task = {schedule.task: schedule for schedule in SCHEDULES}

    assert by_task["accreditation.tasks.raise_alerts_from_changes"].minute == "*/5"
    daily = ("refresh_all_alerts", "remind_annual_update", "send_alert_digests")
    assert [
        (by_task[f"accreditation.tasks.{name}"].day_of_month, by_task[f"accreditation.tasks.{name}"].hour)
        for name in daily
    ] == [
        ("*", "1"),
        ("*", "9"),
        ("*", "7"),
    ]
    # The daily alerts follow the marking of expired and due titles, whose statuses they read.
    marking = by_task["accreditation.tasks.refresh_accreditation_statuses"]
    refresh = by_task["accreditation.tasks.refresh_all_alerts"]
    assert (int(refresh.hour), int(refresh.minute)) > (int(marking.hour), int(marking.minute))
