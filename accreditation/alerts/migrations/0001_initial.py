"""The models as they were in the accreditation app (accreditation/migrations/0019): state only, their tables exist
already and keep their names.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Alert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('eligible_higher', 'Eligible for a higher tier'), ('criteria_unmet', 'Holder no longer meets the criteria'), ('expiring', 'Accreditation expiring'), ('update_missed', 'Annual update missing')], max_length=20, verbose_name='kind')),
                        ('due_on', models.DateField(blank=True, help_text='The expiry date, or the deadline of the annual update.', null=True, verbose_name='due on')),
                        ('key', models.CharField(max_length=80, unique=True, verbose_name='key')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='raised')),
                        ('resolved', models.DateTimeField(blank=True, null=True, verbose_name='resolved')),
                        ('last_notice', models.CharField(blank=True, max_length=16, verbose_name='last notice sent')),
                    ],
                    options={
                        'verbose_name': 'alert',
                        'verbose_name_plural': 'alerts',
                        'db_table': 'accreditation_alert',
                        'ordering': ['-created', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='AlertCursor',
                    fields=[
                        ('name', models.CharField(max_length=60, primary_key=True, serialize=False, verbose_name='name')),
                        ('position', models.DateTimeField(verbose_name='position')),
                    ],
                    options={
                        'verbose_name': 'alert cursor',
                        'verbose_name_plural': 'alert cursors',
                        'db_table': 'accreditation_alertcursor',
                    },
                ),
                migrations.CreateModel(
                    name='AlertDigest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='day')),
                        ('sent', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
                        ('notices', models.PositiveIntegerField(default=0, verbose_name='notices')),
                    ],
                    options={
                        'verbose_name': 'alert digest',
                        'verbose_name_plural': 'alert digests',
                        'db_table': 'accreditation_alertdigest',
                        'ordering': ['-day', 'user'],
                    },
                ),
                ],
        ),
    ]
