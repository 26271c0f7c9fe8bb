"""The audit trail is permanent: application events and the history of accreditation records are never
changed or deleted.

- An application's events are protected (PROTECT instead of CASCADE): the portal never deletes an application
  (drafts are withdrawn, not deleted; the admin shows applications read-only), so a deletion is a mistake, and
  it is refused with a clear ProtectedError on every database rather than silently taking the events along.
- On PostgreSQL, a trigger refuses UPDATE and DELETE on both tables, whatever the path (raw SQL, a bulk query,
  a shell). It raises SQLSTATE 23001 (restrict_violation), which Django reports as an IntegrityError.
  TRUNCATE (the test runner's flush) is a statement of its own and is not refused. A later migration that must
  rewrite these rows (a data migration, or an AlterField that fills existing NULLs with an UPDATE) disables the
  trigger around its work, by name (`ALTER TABLE ... DISABLE TRIGGER <table>_permanent`), and says why.
  Note: deleting a user whose name is in the accreditation history would set that history's user to NULL; the
  trigger refuses that too, on purpose (an audit row keeps who did it): accounts are disabled, not deleted.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLES = ("accreditation_applicationevent", "accreditation_historicalaccreditation")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION accreditation_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are permanent: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # None: its "%" are PL/pgSQL's, not placeholders
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_permanent BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION accreditation_refuse_audit_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_permanent ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS accreditation_refuse_audit_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0008_alerts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="applicationevent",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="accreditation.application",
                verbose_name="application",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
