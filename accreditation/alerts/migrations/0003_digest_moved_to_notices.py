"""The digests and their lines moved to the notices app (accreditation/notices/migrations/0001): state only, the
tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_relations"),
        ("applications", "0002_notice_page"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="digestline", name="digest"),
                migrations.RemoveField(model_name="digestline", name="notice"),
                migrations.RemoveField(model_name="digestline", name="user"),
                migrations.DeleteModel(name="AlertDigest"),
                migrations.DeleteModel(name="DigestLine"),
            ]
        )
    ]
