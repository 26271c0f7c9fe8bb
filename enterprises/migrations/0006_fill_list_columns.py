"""Fill the stored `size_class` and `latest_complete_year` of existing enterprises, in batches, with the same
function the model uses (`figures_summary`, which applies enterprises.size)."""

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    from enterprises.models.figures import FIGURE_FIELDS, figures_summary

    Enterprise = apps.get_model("enterprises", "Enterprise")
    AnnualFigures = apps.get_model("enterprises", "AnnualFigures")
    last = 0
    while True:
        batch = list(Enterprise.objects.filter(pk__gt=last).order_by("pk").only("pk", "industry_code")[:BATCH])
        if not batch:
            return
        last = batch[-1].pk
        figures: dict[int, list[dict]] = {}
        rows = AnnualFigures.objects.filter(enterprise_id__in=[e.pk for e in batch]).order_by()
        for row in rows.values("enterprise_id", "year", *FIGURE_FIELDS):
            figures.setdefault(row["enterprise_id"], []).append(row)
        for enterprise in batch:
            for name, value in figures_summary(enterprise.industry_code, figures.get(enterprise.pk, [])).items():
                setattr(enterprise, name, value)
        Enterprise.objects.bulk_update(batch, ["size_class", "latest_complete_year"])


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0005_list_stored_size_and_update"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
