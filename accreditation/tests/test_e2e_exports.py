"""Browser journeys of tier reports: an administrator reading Chinese filters the enterprise list to the
specialized SMEs (current tier) of one sector, exports XLSX and gets exactly the listed rows, every page, with Chinese
headers; the same from the accreditation list; an official's large export runs in the background and its page shows
progress, then the download link."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accreditation.reports.jobs import export_job_run
from accreditation.reports.models import ExportJob
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.test_e2e_pool import sign_in
from accreditation.tests.test_exports import CHINESE_HEADERS, ENGLISH_HEADERS, csv_rows, xlsx_rows
from enterprises.models import Sector
from enterprises.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def listed_usccs(page) -> list[str]:
    """The USCC column of the list as the browser shows it (the second column of both tables)."""
    return page.locator("table tbody tr td:nth-child(2)").all_inner_texts()


def download(page, button) -> bytes:
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def every_page(page, table) -> list[str]:
    """The USCCs a user reads on every page of a list, following its pager's "next" link."""
    shown = []
    while True:
        shown += table.locator("tbody tr td:nth-child(2)").all_inner_texts()
        following = page.locator("ul.pagination li.next a")
        if not following.count():
            return shown
        current = page.url
        following.click()
        page.wait_for_url(lambda url, before=current: url != before)


def test_an_administrator_exports_the_specialized_smes_of_one_sector_from_the_enterprise_list_as_xlsx_in_chinese(
    page, live_server, administrator
):
    software = Sector.objects.get(code="65")
    for day in range(53):  # specialized SMEs in manufacturing (section C): the rows to export, over two pages
        AccreditationFactory(tier=tier("specialized"), granted_on=datetime.date(2025, 1, 1) + datetime.timedelta(day))
    AccreditationFactory(  # specialized, but software (section I)
        tier=tier("specialized"), enterprise=EnterpriseFactory(industry_code="I6510", sector=software)
    )
    giant = AccreditationFactory(tier=tier("little-giant")).enterprise  # also specialized: its current tier is higher
    AccreditationFactory(enterprise=giant, tier=tier("specialized"))
    AccreditationFactory(tier=tier("specialized"), status="expired")  # a title no longer held
    AccreditationFactory(tier=tier("innovative"))

    sign_in(page, live_server.url, administrator)
    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.get_by_role("link", name="企业", exact=True).first.click()
    filters = page.get_by_test_id("enterprise-filters")
    filters.get_by_label("当前层级").select_option(label="专精特新中小企业")
    filters.get_by_label("行业门类").select_option(label="C 制造业")
    filters.locator("button[type=submit]").click()

    expect(page.get_by_test_id("result-count")).to_contain_text("53")
    table = page.get_by_test_id("enterprise-table")
    expect(table.locator("tbody tr")).to_have_count(50)
    assert set(table.locator("tbody tr td:nth-child(6)").all_inner_texts()) == {"专精特新中小企业"}
    shown = every_page(page, table)
    assert len(shown) == 53 and giant.uscc not in shown
    data = download(page, page.get_by_test_id("export-enterprises").get_by_role("button", name="导出 XLSX"))

    rows = xlsx_rows(data)
    assert rows[0] == CHINESE_HEADERS
    assert [row[0] for row in rows[1:]] == shown
    assert {row[5] for row in rows[1:]} == {"专精特新中小企业"}
    assert {row[2] for row in rows[1:]} == {"39 计算机、通信和其他电子设备制造业"}
    job = ExportJob.objects.get()
    assert (job.user, job.source, job.format, job.language, job.rows) == (
        administrator,
        "enterprises",
        "xlsx",
        "zh-hans",
        53,
    )
    assert "current_tier=specialized" in job.query and "page" not in job.query


def test_an_administrator_exports_the_current_specialized_records_of_one_sector_from_the_accreditation_list(
    page, live_server, administrator
):
    """The accreditation list's export in a browser: one row per record, headed by the record's own tier."""
    software = Sector.objects.get(code="65")
    for day in range(3):
        AccreditationFactory(tier=tier("specialized"), granted_on=datetime.date(2025, 1, 10 + day))
    AccreditationFactory(tier=tier("specialized"), enterprise=EnterpriseFactory(industry_code="I6510", sector=software))
    giant = AccreditationFactory(tier=tier("little-giant")).enterprise
    AccreditationFactory(enterprise=giant, tier=tier("specialized"))

    sign_in(page, live_server.url, administrator)
    page.get_by_test_id("language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.goto(live_server.url + "/pool/accreditations/")
    filters = page.get_by_test_id("accreditation-filters")
    filters.locator("select[name=tier]").select_option("specialized")
    filters.locator("select[name=sector]").select_option(label="C 制造业")
    filters.locator("select[name=current]").select_option("true")
    filters.locator("button[type=submit]").click()

    expect(page.locator("table tbody tr")).to_have_count(3)
    shown = listed_usccs(page)
    data = download(page, page.get_by_test_id("export-accreditations").locator("button[formaction*='/xlsx/']"))

    rows = xlsx_rows(data)
    assert rows[0] == ["层级" if header == "当前层级" else header for header in CHINESE_HEADERS]
    assert [row[0] for row in rows[1:]] == shown
    assert ExportJob.objects.get().source == "accreditations"


def test_an_officials_large_export_runs_in_the_background_and_is_downloaded_from_its_page(
    page, live_server, official, settings
):
    settings.EXPORT_BACKGROUND_ROWS = 3
    for _ in range(5):
        EnterpriseFactory(district="320506")
    EnterpriseFactory(district="320571")

    sign_in(page, live_server.url, official)
    page.get_by_role("link", name="Enterprises").first.click()
    page.get_by_label("District").select_option("320506")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("result-count")).to_have_text("5 enterprises")
    shown = page.locator("[data-testid=enterprise-table] tbody tr td:nth-child(2)").all_inner_texts()
    page.get_by_role("button", name="Export CSV").click()

    # No broker in tests: the task ran before the page came back, so the link is there at once.
    status = page.get_by_test_id("export-status")
    expect(status).to_contain_text("The file is ready: 5 rows.")
    rows = csv_rows(download(page, page.get_by_test_id("export-download")))
    assert rows[0] == ENGLISH_HEADERS
    assert [row[0] for row in rows[1:]] == shown


def test_the_export_page_shows_progress_and_then_the_link_without_a_reload(page, live_server, official):
    EnterpriseFactory.create_batch(2)
    job = ExportJob.objects.create(
        user=official, source="enterprises", format="xlsx", language="en", in_background=True, rows=2
    )

    sign_in(page, live_server.url, official)
    page.goto(f"{live_server.url}/pool/exports/{job.pk}/")
    expect(page.get_by_test_id("export-status")).to_contain_text("Preparing 2 rows.")
    expect(page.get_by_test_id("export-progress")).to_have_attribute("value", "0")

    export_job_run(job_id=job.pk)  # what a worker does; the page polls every second

    expect(page.get_by_test_id("export-download")).to_be_visible(timeout=10_000)
    assert len(xlsx_rows(download(page, page.get_by_test_id("export-download")))) == 1 + 2
