"""Load the GB/T 4754-2017 sections and divisions from enterprises.gbt4754 (idempotent: update_or_create)."""

from django.db import migrations


def load_sectors(apps, schema_editor):
    from enterprises.gbt4754 import load_sectors as load

    load(apps.get_model("enterprises", "Sector"))


def unload_sectors(apps, schema_editor):
    Sector = apps.get_model("enterprises", "Sector")
    Sector.objects.filter(level="division").delete()
    Sector.objects.filter(level="section").delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(load_sectors, unload_sectors)]
