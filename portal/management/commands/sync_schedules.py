"""`manage.py sync_schedules`: write the schedules of portal/schedules.py into django-celery-beat. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from portal.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Create or update the periodic tasks of portal/schedules.py in django-celery-beat."

    def handle(self, *args, **options):
        for schedule in SCHEDULES:
            crontab, _created = CrontabSchedule.objects.get_or_create(
                minute=schedule.minute,
                hour=schedule.hour,
                day_of_month=schedule.day_of_month,
                month_of_year=schedule.month_of_year,
                day_of_week=schedule.day_of_week,
                timezone=settings.CELERY_TIMEZONE,
            )
            task, created = PeriodicTask.objects.update_or_create(
                name=schedule.name, defaults={"task": schedule.task, "crontab": crontab}
            )
            if options["verbosity"] > 0:
                self.stdout.write(f"{'created' if created else 'up to date'}: {task.name} ({schedule.task})")
        # Schedules of ours that are no longer in the code (a task retired or renamed): beat would keep sending a
        # task no worker knows.
        retired = PeriodicTask.objects.filter(Q(task__startswith="accreditation.") | Q(task__startswith="portal."))
        for task in retired.exclude(name__in=[schedule.name for schedule in SCHEDULES]):
            task.delete()
            if options["verbosity"] > 0:
                self.stdout.write(f"removed: {task.name} ({task.task})")
