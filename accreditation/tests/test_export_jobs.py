"""Large exports: over the threshold they run as a Celery task (eager here) into private storage, the page
follows their progress, only their owner sees the page and downloads the file, and files go after a day. And the
administrators' summary workbook."""

import datetime
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accreditation.reports.jobs import export_job_run, exports_expire
from accreditation.reports.models import ExportJob, ExportState
from accreditation.tasks import expire_exports
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.test_exports import ENGLISH_HEADERS, content_of, csv_rows, export_url, listed, xlsx_rows
from enterprises.tests.factories import EnterpriseFactory
from portal.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings):
    """Exports of more than 3 rows go to the background."""
    settings.EXPORT_BACKGROUND_ROWS = 3


def job_url(job, name="accreditation:export_job") -> str:
    return reverse(name, kwargs={"pk": job.pk})


def test_a_large_export_runs_as_a_task_and_its_owner_downloads_the_listed_rows(
    client, official, small_threshold, django_capture_on_commit_callbacks
):
    EnterpriseFactory.create_batch(5, district="320506")
    EnterpriseFactory(district="320571")
    client.force_login(official)
    query = "district=320506&sort=-name_zh"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(export_url("enterprises", "csv", query))

    assert len(callbacks) == 1  # the task, sent after commit (run eagerly: no broker in tests)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert (job.user, job.in_background, job.state, job.rows, job.progress) == (official, True, "done", 5, 100)
    page = client.get(job_url(job)).content.decode()
    assert "The file is ready: 5 rows." in page
    assert job_url(job, "accreditation:export_download") in page
    download = client.get(job_url(job, "accreditation:export_download"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="enterprises-')
    rows = csv_rows(content_of(download))
    assert rows[0] == ENGLISH_HEADERS
    assert [row[1] for row in rows[1:]] == listed(client, "enterprises:list", query, "name_zh")


def test_nobody_but_the_owner_sees_a_large_export_not_even_an_administrator(
    client, official, make_user, administrator, small_threshold, django_capture_on_commit_callbacks
):
    AccreditationFactory.create_batch(4)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(export_url("accreditations", "xlsx"))
    job = ExportJob.objects.get()
    other_official = make_user(Role.OFFICIAL)

    for user in (other_official, administrator):
        client.force_login(user)
        assert client.get(job_url(job)).status_code == 404
        assert client.get(job_url(job, "accreditation:export_download")).status_code == 404
    client.force_login(official)
    assert len(xlsx_rows(content_of(client.get(job_url(job, "accreditation:export_download"))))) == 1 + 4


def test_the_page_polls_with_htmx_until_the_job_is_finished(client, official):
    job = ExportJob.objects.create(
        user=official, source="enterprises", format="csv", language="en", in_background=True, rows=12_000
    )
    client.force_login(official)

    fragment = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<section id="export-status"')
    assert 'hx-trigger="every 1s"' in fragment
    assert "Waiting to start" in fragment
    assert client.get(job_url(job, "accreditation:export_download")).status_code == 404

    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, progress=40)
    fragment = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "40% done" in fragment
    assert 'value="40"' in fragment

    export_job_run(job_id=job.pk)  # no enterprise: an empty file with its header
    fragment = client.get(job_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert "The file is ready: 0 rows." in fragment


def test_a_task_delivered_twice_writes_the_file_once(official, small_threshold):
    EnterpriseFactory.create_batch(4)
    job = ExportJob.objects.create(
        user=official, source="enterprises", format="csv", language="en", in_background=True, rows=4
    )
    first = export_job_run(job_id=job.pk)
    again = export_job_run(job_id=job.pk)

    assert again.file.name == first.file.name
    assert (again.state, again.rows) == ("done", 4)


def test_a_failed_export_says_so_on_its_page(client, official):
    job = ExportJob.objects.create(
        user=official, source="enterprises", format="csv", language="en", in_background=True, rows=9, query="x=1"
    )
    ExportJob.objects.filter(pk=job.pk).update(source="no-such-list")  # the task cannot build it

    export_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == ExportState.FAILED
    assert job.error != ""
    client.force_login(official)
    assert "The export failed." in client.get(job_url(job)).content.decode()


# --- a day later ----------------------------------------------------------------------------------------------------


def finished_job(user, *, hours_ago: float) -> ExportJob:
    job = ExportJob.objects.create(
        user=user, source="enterprises", format="csv", language="en", in_background=True, rows=1, state="done"
    )
    job.file.save(f"enterprises-{job.pk}.csv", ContentFile(b"\xef\xbb\xbfUSCC\n"), save=False)
    job.finished = timezone.now() - timedelta(hours=hours_ago)
    job.save()
    return job


def test_files_older_than_a_day_are_deleted_and_their_log_stays(client, official):
    old = finished_job(official, hours_ago=25)
    recent = finished_job(official, hours_ago=2)
    storage, old_name = old.file.storage, old.file.name

    assert expire_exports.delay().get() == 1

    old.refresh_from_db()
    assert not storage.exists(old_name)
    assert (old.state, old.file.name, old.rows) == ("expired", "", 1)
    assert storage.exists(recent.file.name)
    client.force_login(official)
    assert client.get(job_url(old, "accreditation:export_download")).status_code == 404
    assert "has been deleted" in client.get(job_url(old)).content.decode()
    assert client.get(job_url(recent, "accreditation:export_download")).status_code == 200
    assert exports_expire(now=timezone.now()) == 0  # twice is harmless


def test_a_file_past_its_day_is_not_served_even_before_the_cleanup(client, official):
    job = finished_job(official, hours_ago=24.5)
    client.force_login(official)

    assert client.get(job_url(job, "accreditation:export_download")).status_code == 404


# --- the summary workbook ---------------------------------------------------------------------------------------------


def test_the_summary_workbook_has_the_pyramid_with_a_chart_pivots_and_a_sheet_per_tier(client, administrator):
    today = timezone.localdate()
    giant = AccreditationFactory(tier=tier("little-giant"), granted_on=datetime.date(2024, 7, 1)).enterprise
    AccreditationFactory(enterprise=giant, tier=tier("specialized"), granted_on=datetime.date(2023, 3, 1))
    for district in ("320571", "320571", "320506"):
        AccreditationFactory(
            enterprise=EnterpriseFactory(district=district),
            tier=tier("specialized"),
            granted_on=datetime.date(2025, 1, 2),
        )
    AccreditationFactory(
        tier=tier("innovative"),
        granted_on=today - timedelta(days=30),
        status="revoked",
        revocation_reason="falsified_data",
    )  # not held: counted nowhere
    client.force_login(administrator)

    response = client.post(export_url("summary", "xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tier-summary-')
    workbook = openpyxl.load_workbook(io.BytesIO(content_of(response)))
    assert workbook.sheetnames == [
        "Pyramid",
        "By sector",
        "By year of grant",
        "By district",
        "Single champions",
        "Little giants",
        "Specialized SMEs",
        "Innovative SMEs",
        "Park pool",
    ]
    assert all(len(name) <= 31 for name in workbook.sheetnames)  # short names, never cut
    pyramid = [list(row) for row in workbook["Pyramid"].iter_rows(values_only=True)]
    assert pyramid == [
        ["Tier", "Authority level", "Enterprises"],
        ["Manufacturing single champion", "National", 0],
        ["National little giant", "National", 1],
        ["Specialized and sophisticated SME", "Provincial", 3],
        ["Innovative SME", "Provincial", 0],
        ["Park little-giant candidate pool", "Park", 0],
        ["Total", None, 4],
    ]
    (chart,) = workbook["Pyramid"]._charts
    assert chart.tagname == "barChart"
    by_year = [list(row) for row in workbook["By year of grant"].iter_rows(values_only=True)]
    assert by_year[0] == [
        "Year of grant",
        "Park little-giant candidate pool",
        "Innovative SME",
        "Specialized and sophisticated SME",
        "National little giant",
        "Manufacturing single champion",
        "Total",
    ]
    assert by_year[1:] == [["2024", 0, 0, 0, 1, 0, 1], ["2025", 0, 0, 3, 0, 0, 3], ["Total", 0, 0, 3, 1, 0, 4]]
    by_district = [list(row) for row in workbook["By district"].iter_rows(values_only=True)]
    assert by_district[1:] == [
        ["Wuzhong District", 0, 0, 1, 0, 0, 1],
        ["Suzhou Industrial Park", 0, 0, 2, 1, 0, 3],
        ["Total", 0, 0, 3, 1, 0, 4],
    ]
    by_sector = [list(row) for row in workbook["By sector"].iter_rows(values_only=True)]
    assert by_sector[1:] == [["C Manufacturing", 0, 0, 3, 1, 0, 4], ["Total", 0, 0, 3, 1, 0, 4]]
    giants = [list(row) for row in workbook["Little giants"].iter_rows(values_only=True)]
    assert [row[0] for row in giants] == ["USCC", giant.uscc]
    assert len(list(workbook["Specialized SMEs"].iter_rows())) == 1 + 3
    job = ExportJob.objects.get()
    assert (job.source, job.rows, job.user) == ("summary", 4, administrator)


def test_the_export_log_is_read_only_in_the_admin(client, administrator, official):
    job = finished_job(official, hours_ago=1)
    client.force_login(administrator)

    changelist = client.get(reverse("admin:reports_exportjob_changelist"))
    change = client.get(reverse("admin:reports_exportjob_change", args=[job.pk]))

    assert changelist.status_code == 200
    assert f"/admin/reports/exportjob/{job.pk}/change/" in changelist.content.decode()
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:reports_exportjob_add")).status_code == 403
