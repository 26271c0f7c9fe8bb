"""The models as they were in the accreditation app (accreditation/migrations/0019): state only, their tables exist
already and keep their names.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accreditation", "0019_models_moved_to_sub_apps"),
        ("alerts", "0001_initial"),
        ("applications", "0001_initial"),
        ("enterprises", "0012_development_score_history_user"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="alert",
                    name="accreditation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alerts",
                        to="accreditation.accreditation",
                        verbose_name="accreditation",
                    ),
                ),
                migrations.AddField(
                    model_name="alert",
                    name="enterprise",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alerts",
                        to="enterprises.enterprise",
                        verbose_name="enterprise",
                    ),
                ),
                migrations.AddField(
                    model_name="alert",
                    name="tier",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accreditation.tier",
                        verbose_name="tier",
                    ),
                ),
                migrations.AddField(
                    model_name="alertdigest",
                    name="user",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alert_digests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
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
                                to="applications.notice",
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
                                to="alerts.alertdigest",
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
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("resolved__isnull", True)),
                        fields=["kind", "-created"],
                        name="alert_open_kind",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("resolved__isnull", True)),
                        fields=["-created", "-id"],
                        name="alert_open_created",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(fields=["-created", "-id"], name="alert_created"),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(
                        condition=models.Q(("last_notice", ""), ("resolved__isnull", True)),
                        fields=["kind"],
                        name="alert_unnotified",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(fields=["enterprise", "kind"], name="alert_enterprise_kind"),
                ),
                migrations.AddConstraint(
                    model_name="alertdigest",
                    constraint=models.UniqueConstraint(
                        fields=("user", "day"), name="alert_digest_once_per_user_and_day"
                    ),
                ),
                migrations.AddIndex(
                    model_name="digestline",
                    index=models.Index(
                        condition=models.Q(("digest__isnull", True)), fields=["user"], name="digest_line_pending"
                    ),
                ),
            ],
        ),
    ]
