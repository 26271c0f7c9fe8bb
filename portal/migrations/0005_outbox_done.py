"""The outbox records when a task it started has succeeded, and when it stopped trying."""

from django.db import migrations, models
from django.db.models import F


def sent_rows_count_as_done(apps, schema_editor):
    """Rows sent before the outbox tracked completion: their tasks ran or were covered by the sweepers of the
    time, so the new sweeper must not send them all again."""
    apps.get_model("portal", "OutboxMessage").objects.filter(sent__isnull=False).update(done=F("sent"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboxmessage",
            name="done",
            field=models.DateTimeField(blank=True, null=True, verbose_name="done"),
        ),
        migrations.AddField(
            model_name="outboxmessage",
            name="gave_up",
            field=models.DateTimeField(blank=True, null=True, verbose_name="given up"),
        ),
        migrations.AddIndex(
            model_name="outboxmessage",
            index=models.Index(
                condition=models.Q(("done__isnull", True), ("gave_up__isnull", True)),
                fields=["sent"],
                name="outbox_not_done",
            ),
        ),
        migrations.RunPython(sent_rows_count_as_done, migrations.RunPython.noop),
    ]
