"""The notices, the digests and their lines, as they were in the applications and alerts apps: state only, their
tables exist already and keep their names (the triggers of the audit name them). The content types follow, so
permissions and audit rows keep pointing at the same models.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# (old app label, old model) -> new model, in this app.
MOVED = {
    ("applications", "notice"): "notice",
    ("alerts", "alertdigest"): "digest",
    ("alerts", "digestline"): "digestline",
}


def content_types_follow(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for (label, old), new in MOVED.items():
        if not content_type.objects.filter(app_label="notices", model=new).exists():
            content_type.objects.filter(app_label=label, model=old).update(app_label="notices", model=new)


def content_types_return(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for (label, old), new in MOVED.items():
        content_type.objects.filter(app_label="notices", model=new).update(app_label=label, model=old)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0003_notice_moved_to_notices"),
        ("alerts", "0003_digest_moved_to_notices"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("submitted", "Submitted"),
                                    ("resubmitted", "Resubmitted"),
                                    ("under_review", "Accepted for review"),
                                    ("returned", "Returned for revision"),
                                    ("public_notice", "Public notice"),
                                    ("objection", "Objection"),
                                    ("recommended", "Recommended"),
                                    ("accredited", "Accredited"),
                                    ("not_accredited", "Not accredited"),
                                    ("rejected", "Rejected"),
                                    ("withdrawn", "Withdrawn"),
                                    ("assigned", "Review assigned"),
                                    ("review_declined", "Review declined for a conflict"),
                                    ("eligible_higher", "Eligible for a higher tier"),
                                    ("criteria_unmet", "Criteria no longer met"),
                                    ("expiring_90", "Accreditation expiring"),
                                    ("expiring_30", "Accreditation expiring soon"),
                                    ("update_due", "Annual update due"),
                                    ("update_missed", "Annual update missed"),
                                    ("score_verified", "Development score verified"),
                                    ("score_rejected", "Development score rejected"),
                                    ("claim_made", "Enterprise claimed"),
                                    ("claim_verified", "Claim verified"),
                                    ("claim_rejected", "Claim rejected"),
                                    ("support_granted", "Support granted"),
                                    ("support_returned", "Support application returned"),
                                    ("support_rejected", "Support application rejected"),
                                    ("support_paid", "Support paid"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        ("key", models.CharField(max_length=60, verbose_name="key")),
                        ("subject", models.CharField(max_length=200, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="message")),
                        (
                            "url",
                            models.CharField(
                                blank=True,
                                help_text="The page the notice is about.",
                                max_length=300,
                                verbose_name="page",
                            ),
                        ),
                        ("created", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notices",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notice",
                        "verbose_name_plural": "notices",
                        "db_table": "accreditation_notice",
                        "ordering": ["-created", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Digest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(verbose_name="day")),
                        ("sent", models.DateTimeField(default=django.utils.timezone.now, verbose_name="sent")),
                        ("notices", models.PositiveIntegerField(default=0, verbose_name="notices")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="digests",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "alert digest",
                        "verbose_name_plural": "alert digests",
                        "db_table": "accreditation_alertdigest",
                        "ordering": ["-day", "user"],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "day"), name="alert_digest_once_per_user_and_day")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DigestLine",
                    fields=[
                        (
                            "notice",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="digest_line",
                                serialize=False,
                                to="notices.notice",
                                verbose_name="notice",
                            ),
                        ),
                        (
                            "digest",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lines",
                                to="notices.digest",
                                verbose_name="digest",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "digest line",
                        "verbose_name_plural": "digest lines",
                        "db_table": "accreditation_digestline",
                    },
                ),
                migrations.AddIndex(
                    model_name="notice",
                    index=models.Index(fields=["user", "read_at"], name="accreditati_user_id_db8ccb_idx"),
                ),
                migrations.AddIndex(
                    model_name="notice",
                    index=models.Index(fields=["key"], name="notice_key"),
                ),
                migrations.AddConstraint(
                    model_name="notice",
                    constraint=models.UniqueConstraint(fields=("user", "key"), name="notice_once_per_user_and_key"),
                ),
                migrations.AddIndex(
                    model_name="digestline",
                    index=models.Index(
                        condition=models.Q(("digest__isnull", True)), fields=["user"], name="digest_line_pending"
                    ),
                ),
            ]
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
