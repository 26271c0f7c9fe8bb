"""The models as they were in the accreditation app (accreditation/migrations/0019): state only, their tables exist
already and keep their names.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accreditation', '0019_models_moved_to_sub_apps'),
        ('enterprises', '0012_development_score_history_user'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ReevaluationRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started', models.DateTimeField(auto_now_add=True, verbose_name='started')),
                        ('as_of', models.DateField(verbose_name='as of')),
                        ('versions', models.JSONField(default=list, verbose_name='criteria versions')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='enterprises')),
                        ('finished', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                    ],
                    options={
                        'verbose_name': 're-evaluation run',
                        'verbose_name_plural': 're-evaluation runs',
                        'db_table': 'accreditation_reevaluationrun',
                        'ordering': ['-started'],
                    },
                ),
                migrations.CreateModel(
                    name='EligibilityAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('criteria_version', models.CharField(max_length=20, verbose_name='criteria version')),
                        ('eligible', models.BooleanField(null=True, verbose_name='eligible')),
                        ('route', models.CharField(blank=True, max_length=20, verbose_name='route')),
                        ('score', models.FloatField(blank=True, null=True, verbose_name='score')),
                        ('missing', models.JSONField(blank=True, default=list, verbose_name='missing data')),
                        ('facts_hash', models.CharField(max_length=64, verbose_name='facts fingerprint')),
                        ('revision', models.PositiveIntegerField(default=1, help_text='Bumped when the verdict changes.', verbose_name='revision')),
                        ('updated', models.DateTimeField(verbose_name='updated')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assessments', to='enterprises.enterprise', verbose_name='enterprise')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accreditation.tier', verbose_name='tier')),
                    ],
                    options={
                        'verbose_name': 'eligibility assessment',
                        'verbose_name_plural': 'eligibility assessments',
                        'db_table': 'accreditation_eligibilityassessment',
                        'constraints': [models.UniqueConstraint(fields=('enterprise', 'tier', 'criteria_version'), name='assessment_one_per_tier_version')],
                    },
                ),
                migrations.CreateModel(
                    name='ReevaluationChunk',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('first_id', models.PositiveBigIntegerField(verbose_name='first enterprise id')),
                        ('last_id', models.PositiveBigIntegerField(verbose_name='last enterprise id')),
                        ('state', models.CharField(choices=[('pending', 'Pending'), ('done', 'Done'), ('failed', 'Failed: sent too many times')], default='pending', max_length=10, verbose_name='state')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='times sent')),
                        ('sent', models.DateTimeField(blank=True, null=True, verbose_name='last sent')),
                        ('enterprises', models.PositiveIntegerField(default=0, verbose_name='enterprises evaluated')),
                        ('changed', models.PositiveIntegerField(default=0, verbose_name='assessments changed')),
                        ('finished', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                        ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='chunks', to='eligibility.reevaluationrun', verbose_name='run')),
                    ],
                    options={
                        'verbose_name': 're-evaluation chunk',
                        'verbose_name_plural': 're-evaluation chunks',
                        'db_table': 'accreditation_reevaluationchunk',
                        'ordering': ['run', 'first_id'],
                        'indexes': [models.Index(fields=['state', 'sent'], name='chunk_state_sent')],
                    },
                ),
                migrations.CreateModel(
                    name='EligibilityChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('criteria_version', models.CharField(max_length=20, verbose_name='criteria version')),
                        ('revision', models.PositiveIntegerField(verbose_name='revision')),
                        ('kind', models.CharField(choices=[('newly_eligible', 'Newly eligible'), ('no_longer_eligible', 'No longer eligible'), ('became_unknown', 'Cannot be judged: data missing'), ('found_ineligible', 'Found not eligible')], max_length=20, verbose_name='kind')),
                        ('eligible_before', models.BooleanField(null=True, verbose_name='eligible before')),
                        ('eligible_after', models.BooleanField(null=True, verbose_name='eligible after')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='eligibility_changes', to='enterprises.enterprise', verbose_name='enterprise')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accreditation.tier', verbose_name='tier')),
                        ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='changes', to='eligibility.reevaluationrun', verbose_name='run')),
                    ],
                    options={
                        'verbose_name': 'eligibility change',
                        'verbose_name_plural': 'eligibility changes',
                        'db_table': 'accreditation_eligibilitychange',
                        'ordering': ['-created', '-pk'],
                        'indexes': [models.Index(fields=['kind', '-created'], name='change_kind_created')],
                        'constraints': [models.UniqueConstraint(fields=('enterprise', 'tier', 'criteria_version', 'revision'), name='change_one_per_revision')],
                    },
                ),
                ],
        ),
    ]
