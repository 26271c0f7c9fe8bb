"""A notice names the page it is about (`url`), written by whoever delivers it, instead of a link to an
application: alerts, claims, scores and support decisions are notices too, and the inbox links them all alike.
Existing notices get the page their old link or key pointed to, before the link column goes.
"""

from django.db import migrations, models
from django.urls import NoReverseMatch, reverse


def _path(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # a page renamed since: the notice keeps its text, without a link
        return ""


def _url(notice, alerts) -> str:
    """The page of one notice as the inbox linked it before this migration."""
    if notice.application_id:
        return _path("applications:detail", pk=notice.application_id)
    head, _sep, rest = notice.key.partition(":")
    first = rest.split(":", 1)[0]
    if not first.isdigit():
        return ""
    target = int(first)
    if head == "score":
        return _path("enterprises:development_scores", pk=target)
    if head == "update-due":
        return _path("enterprises:figures", pk=target)
    if head != "alert" or target not in alerts:
        return ""
    kind, enterprise_id, accreditation_id = alerts[target]
    if kind == "update_missed":
        return _path("enterprises:figures", pk=enterprise_id)
    if kind == "expiring" and accreditation_id:
        return _path("accreditation:detail", pk=accreditation_id)
    return _path("accreditation:eligibility", enterprise_pk=enterprise_id)


def notice_urls(apps, schema_editor):
    Notice = apps.get_model("applications", "Notice")
    Alert = apps.get_model("alerts", "Alert")
    alert_ids = set()
    for key in Notice.objects.filter(key__startswith="alert:").values_list("key", flat=True).iterator():
        first = key.split(":")[1]
        if first.isdigit():
            alert_ids.add(int(first))
    alerts = {
        pk: (kind, enterprise_id, accreditation_id)
        for pk, kind, enterprise_id, accreditation_id in Alert.objects.filter(pk__in=alert_ids).values_list(
            "pk", "kind", "enterprise_id", "accreditation_id"
        )
    }
    batch = []
    for notice in Notice.objects.only("pk", "key", "application_id").iterator(chunk_size=2000):
        url = _url(notice, alerts)
        if url:
            notice.url = url
            batch.append(notice)
        if len(batch) >= 2000:
            Notice.objects.bulk_update(batch, ["url"])
            batch = []
    Notice.objects.bulk_update(batch, ["url"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("alerts", "0002_relations"),
    ]

    operations = [
        migrations.AddField(
            model_name="notice",
            name="url",
            field=models.CharField(
                blank=True, help_text="The page the notice is about.", max_length=300, verbose_name="page"
            ),
        ),
        migrations.RunPython(notice_urls, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="notice", name="application"),
        migrations.AddIndex(model_name="notice", index=models.Index(fields=["key"], name="notice_key")),
    ]
