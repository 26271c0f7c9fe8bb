"""Seed the tiers of the graded pool and the park's first pool criteria (see accreditation.tier_data)."""

from django.db import migrations


def seed(apps, schema_editor):
    from accreditation.tier_data import load_tiers

    load_tiers(apps.get_model("accreditation", "Tier"), apps.get_model("accreditation", "ParkCriteria"))


def unseed(apps, schema_editor):
    from accreditation.tier_data import TIERS

    apps.get_model("accreditation", "Tier").objects.filter(code__in=[row[0] for row in TIERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
