"""Trigram indexes for name fragments in the official's list (`UPPER(name) LIKE UPPER('%...%')`, what icontains
sends), on PostgreSQL only: SQLite (make run, the default tests) has neither pg_trgm nor GIN. Not in the model
state, so makemigrations leaves them alone; they are database-only, like the `_like` indexes Django adds."""

from django.db import migrations

FIELDS = ("name_zh", "name_en")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    quote = schema_editor.quote_name
    table = quote(apps.get_model("enterprises", "Enterprise")._meta.db_table)
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(f'enterprise_{field}_trgm')} ON {table} "
            f"USING gin (UPPER({quote(field)}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(f'enterprise_{field}_trgm')}")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0006_fill_list_columns"),
    ]

    operations = [migrations.RunPython(create, drop)]
