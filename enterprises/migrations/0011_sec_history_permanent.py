"""The change history of enterprises is permanent: who changed what is never rewritten.

- history_user is PROTECTed (portal/core/history.py): a user who appears in it is deactivated, never deleted (the
  admin refuses the deletion and says so). This changes Django's behaviour only, not the schema.
- On PostgreSQL, a trigger on every history table of this app refuses UPDATE and DELETE, whatever the path (raw
  SQL, a bulk query, a shell), with SQLSTATE 23001 (restrict_violation), which Django reports as an
  IntegrityError. TRUNCATE (the test runner's flush) is a statement of its own and is not refused. A later
  migration that must rewrite these rows disables the trigger around its work, by name
  (`ALTER TABLE ... DISABLE TRIGGER <table>_permanent`), and says why.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION enterprises_refuse_history_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are permanent: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def history_tables(apps) -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_app_config("enterprises").get_models()
        if model.__name__.startswith("Historical")
    )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # None: its "%" are PL/pgSQL's, not placeholders
    for table in history_tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_permanent BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION enterprises_refuse_history_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in history_tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_permanent ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS enterprises_refuse_history_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0010_rules_ip_demonstration_title"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalannualfigures",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalaward",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalbrand",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalcertificate",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalipitem",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalmembership",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalrdinstitution",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicalstandarddrafted",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="historicaltitle",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
