"""The models as they were in the accreditation app (accreditation/migrations/0019): state only, their tables exist
already and keep their names.
"""

import accreditation.applications.models.application
import accreditation.models.imports
import django.db.models.deletion
import django.utils.timezone
import enterprises.validators
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accreditation', '0019_models_moved_to_sub_apps'),
        ('enterprises', '0012_development_score_history_user'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Application',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('under_review', 'Under review'), ('returned', 'Returned for revision'), ('public_notice', 'Public notice'), ('recommended', 'Recommended to the authority'), ('accredited', 'Accredited'), ('not_accredited', 'Not accredited'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], default='draft', max_length=16, verbose_name='state')),
                        ('revision_number', models.PositiveSmallIntegerField(default=0, help_text='0 until the first submission.', verbose_name='current revision')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('state_changed', models.DateTimeField(default=django.utils.timezone.now, verbose_name='state changed')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='first submitted')),
                        ('notice_ends_on', models.DateField(blank=True, null=True, verbose_name='public notice ends on')),
                        ('accreditation', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='application', to='accreditation.accreditation', verbose_name='accreditation record')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='enterprises.enterprise', verbose_name='enterprise')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='accreditation.tier', verbose_name='tier')),
                    ],
                    options={
                        'verbose_name': 'application',
                        'verbose_name_plural': 'applications',
                        'db_table': 'accreditation_application',
                        'ordering': ['-created', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_state', models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('under_review', 'Under review'), ('returned', 'Returned for revision'), ('public_notice', 'Public notice'), ('recommended', 'Recommended to the authority'), ('accredited', 'Accredited'), ('not_accredited', 'Not accredited'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], max_length=16, verbose_name='from')),
                        ('to_state', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('under_review', 'Under review'), ('returned', 'Returned for revision'), ('public_notice', 'Public notice'), ('recommended', 'Recommended to the authority'), ('accredited', 'Accredited'), ('not_accredited', 'Not accredited'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn')], max_length=16, verbose_name='to')),
                        ('revision_number', models.PositiveSmallIntegerField(default=0, verbose_name='revision')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('step', models.CharField(blank=True, choices=[('expert_draw', 'Experts drawn at random'), ('assigned_by_hand', 'Experts assigned by hand'), ('declined', 'An expert declined for a conflict'), ('replaced', 'Replaced by the next expert of the draw')], max_length=16, verbose_name='review step')),
                        ('override_reason', models.TextField(blank=True, help_text='Set when an official moved the application on before every assigned review was submitted.', verbose_name='reason for moving on without every review')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                        ('actor', models.ForeignKey(blank=True, help_text='Empty: the portal itself (a scheduled step).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='applications.application', verbose_name='application')),
                    ],
                    options={
                        'verbose_name': 'application event',
                        'verbose_name_plural': 'application events',
                        'db_table': 'accreditation_applicationevent',
                        'ordering': ['created', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationRevision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='revision')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='submitted at')),
                        ('signatory_name', models.CharField(max_length=100, verbose_name='signatory')),
                        ('signatory_position', models.CharField(max_length=100, verbose_name='position of the signatory')),
                        ('signed_on', models.DateField(verbose_name='signed on')),
                        ('declaration', models.TextField(verbose_name='declaration of authenticity')),
                        ('as_of', models.DateField(verbose_name='facts as of')),
                        ('facts', models.JSONField(verbose_name='enterprise facts')),
                        ('assessment', models.JSONField(help_text="The engine's assessment, by language.", verbose_name='self-assessment')),
                        ('criteria_version', models.CharField(max_length=20, verbose_name='criteria version')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='applications.application', verbose_name='application')),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                    ],
                    options={
                        'verbose_name': 'application revision',
                        'verbose_name_plural': 'application revisions',
                        'db_table': 'accreditation_applicationrevision',
                        'ordering': ['application', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='DeclarationRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('criteria_version', models.CharField(blank=True, help_text="Empty: the tier's version, or the national version in force on the evaluation date.", max_length=20, verbose_name='criteria version')),
                        ('filing_opens', models.DateField(verbose_name='filing opens on')),
                        ('filing_closes', models.DateField(blank=True, help_text='Empty: open until further notice.', null=True, verbose_name='filing closes on')),
                        ('prereview_deadline', models.DateField(blank=True, help_text='Filed applications not screened by this day are late.', null=True, verbose_name='park pre-review deadline')),
                        ('recommendation_deadline', models.DateField(blank=True, help_text='Applications not yet decided or recommended by this day are late.', null=True, verbose_name='recommendation deadline')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='accreditation.tier', verbose_name='tier')),
                    ],
                    options={
                        'verbose_name': 'declaration round',
                        'verbose_name_plural': 'declaration rounds',
                        'db_table': 'accreditation_declarationround',
                        'ordering': ['-year', 'tier__order', 'filing_opens'],
                    },
                ),
                migrations.AddField(
                    model_name='application',
                    name='round',
                    field=models.ForeignKey(blank=True, help_text='The round the application was started in (empty: started before rounds were kept).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='applications.declarationround', verbose_name='declaration round'),
                ),
                migrations.CreateModel(
                    name='DocumentRequirement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=200, verbose_name='name (English)')),
                        ('name_zh', models.CharField(max_length=200, verbose_name='name (Chinese)')),
                        ('code', models.SlugField(max_length=40, verbose_name='code')),
                        ('required', models.BooleanField(default=True, verbose_name='required')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_requirements', to='accreditation.tier', verbose_name='tier')),
                    ],
                    options={
                        'verbose_name': 'document requirement',
                        'verbose_name_plural': 'document requirements',
                        'db_table': 'accreditation_documentrequirement',
                        'ordering': ['tier__order', 'order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='ApplicationDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=200, storage=accreditation.models.imports.private_storage, upload_to=accreditation.applications.models.application.document_path, verbose_name='file')),
                        ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('size', models.PositiveBigIntegerField(verbose_name='size in bytes')),
                        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='applications.application', verbose_name='application')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                        ('revision', models.ForeignKey(blank=True, help_text='Empty until the revision it belongs to is submitted.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='applications.applicationrevision', verbose_name='revision')),
                        ('requirement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='applications.documentrequirement', verbose_name='document')),
                    ],
                    options={
                        'verbose_name': 'application document',
                        'verbose_name_plural': 'application documents',
                        'db_table': 'accreditation_applicationdocument',
                        'ordering': ['requirement__order', 'uploaded_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ExpertDraw',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision_number', models.PositiveSmallIntegerField(verbose_name='revision')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='drawn at')),
                        ('count', models.PositiveSmallIntegerField(verbose_name='experts asked for')),
                        ('seed', models.CharField(help_text='Hexadecimal; random.Random(int(seed, 16)).', max_length=32, verbose_name='seed')),
                        ('section', models.CharField(blank=True, max_length=1, verbose_name='section of the applicant')),
                        ('expertise_matched', models.BooleanField(help_text="False: no eligible expert covers the applicant's section, so the whole pool was used.", verbose_name='drawn among the experts of the section')),
                        ('candidates', models.JSONField(verbose_name='candidates')),
                        ('excluded', models.JSONField(blank=True, default=list, verbose_name='excluded experts')),
                        ('order', models.JSONField(verbose_name='order')),
                        ('drawn', models.JSONField(verbose_name='experts drawn')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='expert_draws', to='applications.application', verbose_name='application')),
                        ('event', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='expert_draw', to='applications.applicationevent', verbose_name='timeline entry')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='drawn by')),
                    ],
                    options={
                        'verbose_name': 'expert draw',
                        'verbose_name_plural': 'expert draws',
                        'db_table': 'accreditation_expertdraw',
                        'ordering': ['created', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ExpertProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('available', models.BooleanField(default=True, verbose_name='available for reviews')),
                        ('unavailable_until', models.DateField(blank=True, help_text='Leave empty when unavailable until further notice; from the next day the expert is available.', null=True, verbose_name='unavailable until')),
                        ('employer', models.CharField(blank=True, max_length=200, verbose_name='employer')),
                        ('employer_uscc', models.CharField(blank=True, help_text='When the employer is an enterprise: its applications are never given to this expert.', max_length=18, validators=[enterprises.validators.validate_uscc], verbose_name='USCC of the employer')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('relations', models.ManyToManyField(blank=True, help_text='Enterprises the expert declares a relation with (shareholding, family, business, advice).', related_name='declared_experts', to='enterprises.enterprise', verbose_name='declared relations')),
                        ('sections', models.ManyToManyField(blank=True, limit_choices_to={'level': 'section'}, related_name='experts', to='enterprises.sector', verbose_name='fields of expertise (GB/T 4754 sections)')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='expert_profile', to=settings.AUTH_USER_MODEL, verbose_name='expert')),
                    ],
                    options={
                        'verbose_name': 'expert profile',
                        'verbose_name_plural': 'expert profiles',
                        'db_table': 'accreditation_expertprofile',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalExpertProfile',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('available', models.BooleanField(default=True, verbose_name='available for reviews')),
                        ('unavailable_until', models.DateField(blank=True, help_text='Leave empty when unavailable until further notice; from the next day the expert is available.', null=True, verbose_name='unavailable until')),
                        ('employer', models.CharField(blank=True, max_length=200, verbose_name='employer')),
                        ('employer_uscc', models.CharField(blank=True, help_text='When the employer is an enterprise: its applications are never given to this expert.', max_length=18, validators=[enterprises.validators.validate_uscc], verbose_name='USCC of the employer')),
                        ('updated', models.DateTimeField(blank=True, editable=False, verbose_name='updated')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='expert')),
                    ],
                    options={
                        'verbose_name': 'historical expert profile',
                        'verbose_name_plural': 'historical expert profiles',
                        'db_table': 'accreditation_historicalexpertprofile',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalExpertProfile_relations',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('enterprise', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.enterprise')),
                        ('expertprofile', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='applications.expertprofile')),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='applications.historicalexpertprofile')),
                    ],
                    options={
                        'verbose_name': 'HistoricalExpertProfile_relations',
                        'db_table': 'accreditation_historicalexpertprofile_relations',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalExpertProfile_sections',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('expertprofile', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='applications.expertprofile')),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='applications.historicalexpertprofile')),
                        ('sector', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.sector')),
                    ],
                    options={
                        'verbose_name': 'HistoricalExpertProfile_sections',
                        'db_table': 'accreditation_historicalexpertprofile_sections',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Notice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('submitted', 'Submitted'), ('resubmitted', 'Resubmitted'), ('under_review', 'Accepted for review'), ('returned', 'Returned for revision'), ('public_notice', 'Public notice'), ('objection', 'Objection'), ('recommended', 'Recommended'), ('accredited', 'Accredited'), ('not_accredited', 'Not accredited'), ('rejected', 'Rejected'), ('withdrawn', 'Withdrawn'), ('assigned', 'Review assigned'), ('review_declined', 'Review declined for a conflict'), ('eligible_higher', 'Eligible for a higher tier'), ('criteria_unmet', 'Criteria no longer met'), ('expiring_90', 'Accreditation expiring'), ('expiring_30', 'Accreditation expiring soon'), ('update_due', 'Annual update due'), ('update_missed', 'Annual update missed'), ('score_verified', 'Development score verified'), ('score_rejected', 'Development score rejected'), ('claim_made', 'Enterprise claimed'), ('claim_verified', 'Claim verified'), ('claim_rejected', 'Claim rejected')], max_length=16, verbose_name='kind')),
                        ('key', models.CharField(max_length=60, verbose_name='key')),
                        ('subject', models.CharField(max_length=200, verbose_name='subject')),
                        ('body', models.TextField(verbose_name='message')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('application', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='applications.application', verbose_name='application')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'notice',
                        'verbose_name_plural': 'notices',
                        'db_table': 'accreditation_notice',
                        'ordering': ['-created', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewAssignment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('revision_number', models.PositiveSmallIntegerField(verbose_name='revision')),
                        ('assigned_at', models.DateTimeField(auto_now_add=True, verbose_name='assigned at')),
                        ('no_conflict_declared_at', models.DateTimeField(blank=True, null=True, verbose_name='no conflict of interest declared at')),
                        ('recommendation', models.CharField(blank=True, choices=[('approve', 'Approve'), ('revise', 'Revise'), ('reject', 'Reject')], max_length=8, verbose_name='recommendation')),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('total', models.DecimalField(blank=True, decimal_places=2, help_text="0-100, the rubric's weighted scores; set when the review is submitted.", max_digits=5, null=True, verbose_name='weighted score')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                        ('method', models.CharField(choices=[('drawn', 'Drawn at random'), ('replacement', 'Replacement from the draw'), ('manual', 'Assigned by hand'), ('carried', 'Carried over from the previous revision')], default='manual', max_length=12, verbose_name='how assigned')),
                        ('reason', models.TextField(blank=True, verbose_name='reason for the assignment by hand')),
                        ('draw_position', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='position in the draw')),
                        ('declined_at', models.DateTimeField(blank=True, null=True, verbose_name='declined at')),
                        ('decline_reason', models.TextField(blank=True, verbose_name='reason for declining')),
                        ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='applications.application', verbose_name='application')),
                        ('assigned_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned by')),
                        ('draw', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='applications.expertdraw', verbose_name='draw')),
                        ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to=settings.AUTH_USER_MODEL, verbose_name='reviewer')),
                    ],
                    options={
                        'verbose_name': 'review assignment',
                        'verbose_name_plural': 'review assignments',
                        'db_table': 'accreditation_reviewassignment',
                        'ordering': ['assigned_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='RubricCriterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name_en', models.CharField(max_length=200, verbose_name='name (English)')),
                        ('name_zh', models.CharField(max_length=200, verbose_name='name (Chinese)')),
                        ('code', models.SlugField(max_length=40, verbose_name='code')),
                        ('weight', models.PositiveSmallIntegerField(default=1, verbose_name='weight')),
                        ('max_score', models.PositiveSmallIntegerField(default=10, verbose_name='maximum score')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('tier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rubric', to='accreditation.tier', verbose_name='tier')),
                    ],
                    options={
                        'verbose_name': 'rubric criterion',
                        'verbose_name_plural': 'rubric criteria',
                        'db_table': 'accreditation_rubriccriterion',
                        'ordering': ['tier__order', 'order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.PositiveSmallIntegerField(verbose_name='score')),
                        ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='applications.reviewassignment', verbose_name='review')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='applications.rubriccriterion', verbose_name='criterion')),
                    ],
                    options={
                        'verbose_name': 'review score',
                        'verbose_name_plural': 'review scores',
                        'db_table': 'accreditation_reviewscore',
                        'ordering': ['criterion__order', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='applicationrevision',
                    constraint=models.UniqueConstraint(fields=('application', 'number'), name='application_revision_unique_number'),
                ),
                migrations.AddConstraint(
                    model_name='declarationround',
                    constraint=models.UniqueConstraint(fields=('tier', 'year'), name='declaration_round_one_per_tier_and_year', violation_error_message='This tier already has a round for this year.'),
                ),
                migrations.AddConstraint(
                    model_name='declarationround',
                    constraint=models.CheckConstraint(condition=models.Q(('filing_closes__isnull', True), ('filing_closes__gte', models.F('filing_opens')), _connector='OR'), name='declaration_round_closes_after_opening', violation_error_message='Filing cannot close before it opens.'),
                ),
                migrations.AddIndex(
                    model_name='application',
                    index=models.Index(fields=['state', 'state_changed'], name='accreditati_state_6911f9_idx'),
                ),
                migrations.AddConstraint(
                    model_name='application',
                    constraint=models.UniqueConstraint(condition=models.Q(('state__in', ('accredited', 'not_accredited', 'rejected', 'withdrawn')), _negated=True), fields=('enterprise', 'tier'), name='application_one_open_per_enterprise_and_tier', violation_error_message='This enterprise already has an open application for this tier.'),
                ),
                migrations.AddConstraint(
                    model_name='documentrequirement',
                    constraint=models.UniqueConstraint(fields=('tier', 'code'), name='document_requirement_unique_code'),
                ),
                migrations.AddIndex(
                    model_name='notice',
                    index=models.Index(fields=['user', 'read_at'], name='accreditati_user_id_db8ccb_idx'),
                ),
                migrations.AddConstraint(
                    model_name='notice',
                    constraint=models.UniqueConstraint(fields=('user', 'key'), name='notice_once_per_user_and_key'),
                ),
                migrations.AddConstraint(
                    model_name='reviewassignment',
                    constraint=models.UniqueConstraint(fields=('application', 'revision_number', 'reviewer'), name='review_assignment_once_per_revision'),
                ),
                migrations.AddConstraint(
                    model_name='reviewassignment',
                    constraint=models.CheckConstraint(condition=models.Q(('submitted_at__isnull', True), models.Q(('total__isnull', False), models.Q(('recommendation', ''), _negated=True)), _connector='OR'), name='review_submitted_is_complete'),
                ),
                migrations.AddConstraint(
                    model_name='reviewassignment',
                    constraint=models.CheckConstraint(condition=models.Q(('declined_at__isnull', True), models.Q(('submitted_at__isnull', True), models.Q(('decline_reason', ''), _negated=True)), _connector='OR'), name='review_declined_has_reason'),
                ),
                migrations.AddConstraint(
                    model_name='reviewassignment',
                    constraint=models.UniqueConstraint(condition=models.Q(('draw__isnull', False)), fields=('draw', 'draw_position'), name='review_assignment_one_per_draw_position'),
                ),
                migrations.AddConstraint(
                    model_name='rubriccriterion',
                    constraint=models.UniqueConstraint(fields=('tier', 'code'), name='rubric_criterion_unique_code'),
                ),
                migrations.AddConstraint(
                    model_name='rubriccriterion',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='rubric_criterion_weight_positive'),
                ),
                migrations.AddConstraint(
                    model_name='rubriccriterion',
                    constraint=models.CheckConstraint(condition=models.Q(('max_score__gt', 0)), name='rubric_criterion_max_positive'),
                ),
                migrations.AddConstraint(
                    model_name='reviewscore',
                    constraint=models.UniqueConstraint(fields=('assignment', 'criterion'), name='review_score_once'),
                ),
                ],
        ),
    ]
