"""The notice moved to the notices app (accreditation/notices/migrations/0001): state only, the table stays as it
is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_notice_page"),
        ("alerts", "0003_digest_moved_to_notices"),  # the digest lines pointed at the notice
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Notice")])]
