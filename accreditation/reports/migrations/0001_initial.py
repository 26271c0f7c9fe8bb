"""The models as they were in the accreditation app (accreditation/migrations/0019): state only, their tables exist
already and keep their names.
"""

import accreditation.models.imports
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                        ('source', models.CharField(choices=[('enterprises', 'Enterprise list'), ('accreditations', 'Accreditation records'), ('summary', 'Summary workbook')], max_length=20, verbose_name='list')),
                        ('query', models.TextField(blank=True, help_text="The list's query string: filters and sort order.", verbose_name='filter')),
                        ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'XLSX')], max_length=4, verbose_name='format')),
                        ('language', models.CharField(max_length=10, verbose_name='language')),
                        ('in_background', models.BooleanField(default=False, verbose_name='run in the background')),
                        ('rows', models.PositiveIntegerField(blank=True, null=True, verbose_name='rows')),
                        ('state', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Ready'), ('failed', 'Failed'), ('expired', 'Expired')], default='queued', max_length=10, verbose_name='state')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('file', models.FileField(blank=True, storage=accreditation.models.imports.private_storage, upload_to='exports/%Y/%m/', verbose_name='file')),
                        ('finished', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('failure', models.CharField(blank=True, choices=[('error', "The export failed. Try again from the list; if it fails again, tell the portal's administrator."), ('not_started', 'The export could not be started: the background service did not take it up. Try again from the list later.'), ('interrupted', "The export was interrupted several times: the background service stopped while writing it. Try again from the list; if it fails again, tell the portal's administrator.")], max_length=12, verbose_name='why it failed')),
                        ('heartbeat', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                        ('attempts', models.PositiveSmallIntegerField(default=1, verbose_name='sends')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'db_table': 'accreditation_exportjob',
                        'ordering': ['-created', '-pk'],
                        'indexes': [models.Index(fields=['user', '-created'], name='export_user_created'), models.Index(fields=['state', 'finished'], name='export_state_finished')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='export_progress_percent')],
                    },
                ),
                ],
        ),
    ]
