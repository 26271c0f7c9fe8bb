"""Seed the default document checklist and review rubric of each tier (see accreditation.applications.data)."""

from django.db import migrations


def seed(apps, schema_editor):
    from accreditation.applications.data import load_application_reference

    load_application_reference(
        apps.get_model("accreditation", "Tier"),
        apps.get_model("accreditation", "DocumentRequirement"),
        apps.get_model("accreditation", "RubricCriterion"),
    )


def unseed(apps, schema_editor):
    apps.get_model("accreditation", "DocumentRequirement").objects.all().delete()
    apps.get_model("accreditation", "RubricCriterion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0004_applications")]

    operations = [migrations.RunPython(seed, unseed)]
