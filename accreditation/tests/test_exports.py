"""Exports of the filtered lists: exactly the rows the list shows, on every page and in its order, as CSV
and XLSX; headers in the user's language; formula-like text neutralised; every export logged; no query per row."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accreditation.criteria import version_in_force
from accreditation.eligibility.models import EligibilityAssessment
from accreditation.reports.columns import neutralise
from accreditation.reports.models import ExportJob, ExportState
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import Sector
from enterprises.tests.factories import AnnualFiguresFactory, EnterpriseFactory, IPItemFactory

pytestmark = pytest.mark.django_db

ENGLISH_HEADERS = [
    "USCC",
    "Name",
    "Sector",
    "District",
    "Size class",
    "Current tier",
    "Authority",
    "Batch",
    "Granted",
    "Valid until",
    "Status",
    "Year of the figures",
    "Revenue (yuan)",
    "R&D intensity (%)",
    "Class-I IP",
    "Next tier",
    "Verdict for the next tier",
]
CHINESE_HEADERS = [
    "统一社会信用代码",
    "名称",
    "行业门类",
    "区县",
    "企业规模",
    "当前层级",
    "认定机构",
    "批次",
    "认定日期",
    "有效期至",
    "状态",
    "数据年度",
    "营业收入（元）",  # noqa: RUF001 - Chinese punctuation
    "研发投入强度（%）",  # noqa: RUF001 - Chinese punctuation
    "一类知识产权（项）",  # noqa: RUF001 - Chinese punctuation
    "下一层级",
    "下一层级评价结论",
]


# --- helpers shared by the export tests ---------------------------------------------------------------------------


def export_url(source: str, fmt: str, query: str = "") -> str:
    url = reverse("accreditation:export", kwargs={"source": source, "fmt": fmt})
    return f"{url}?{query}" if query else url


def content_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(data, sheet: str | None = None) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True)
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def listed(client, url_name: str, query: str, column: str) -> list[str]:
    """The text of one column of a list page, every page, in order (as a user reads it)."""
    values, page = [], 1
    while True:
        response = client.get(f"{reverse(url_name)}?{query}&page={page}")
        table = response.context["table"]
        values += [str(row.get_cell_value(column)) for row in table.page.object_list]
        if not table.page.has_next():
            return values
        page += 1


def holder(code: str, **fields):
    """An enterprise holding a title of tier `code`, granted a year ago."""
    return AccreditationFactory(tier=tier(code), **fields).enterprise


# --- the rows ---------------------------------------------------------------------------------------------------------


def test_the_csv_of_the_enterprise_list_holds_every_page_of_the_filtered_list_in_its_order(client, official):
    for _ in range(53):
        EnterpriseFactory(district="320506")  # Wuzhong: the filter keeps these
    EnterpriseFactory.create_batch(3, district="320571")
    client.force_login(official)
    query = "district=320506&sort=-uscc"

    response = client.post(export_url("enterprises", "csv", query))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="enterprises-')
    rows = csv_rows(content_of(response))
    assert rows[0] == ENGLISH_HEADERS
    assert [row[0] for row in rows[1:]] == listed(client, "enterprises:list", query, "uscc")
    assert len(rows) == 1 + 53


def test_the_xlsx_of_the_accreditation_list_holds_the_filtered_records_in_its_order(client, official):
    for days in range(60):
        AccreditationFactory(tier=tier("little-giant"), granted_on=datetime.date(2024, 1, 1) + datetime.timedelta(days))
    AccreditationFactory.create_batch(2, tier=tier("innovative"))
    client.force_login(official)
    query = "tier=little-giant&sort=granted_on"

    response = client.post(export_url("accreditations", "xlsx", query))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(content_of(response))
    assert rows[0] == ["Tier" if header == "Current tier" else header for header in ENGLISH_HEADERS]
    assert [row[0] for row in rows[1:]] == listed(client, "accreditation:list", query, "uscc")
    assert [row[8].date() for row in rows[1:]] == [
        datetime.date(2024, 1, 1) + datetime.timedelta(days) for days in range(60)
    ]
    assert {row[5] for row in rows[1:]} == {"National little giant"}


def test_a_row_tells_the_current_tier_its_record_the_latest_figures_ip_and_the_verdict_for_the_next_tier(
    client, official
):
    today = timezone.localdate()
    enterprise = EnterpriseFactory(uscc="913205710000000108", name_zh="苏州星河微电子有限公司", district="320571")
    AnnualFiguresFactory(
        enterprise=enterprise, year=today.year - 1, revenue=Decimal("80000000"), rd_expense=Decimal("2600000")
    )
    IPItemFactory.create_batch(3, enterprise=enterprise)  # invention patents: class I
    IPItemFactory(enterprise=enterprise, type="utility-model")  # class II: not counted
    AccreditationFactory(enterprise=enterprise, tier=tier("innovative"), granted_on=datetime.date(2023, 5, 1))
    AccreditationFactory(
        enterprise=enterprise,
        tier=tier("specialized"),
        authority="江苏省工业和信息化厅",
        batch="2024年第二批",
        granted_on=datetime.date(2024, 9, 30),
        valid_until=datetime.date(2027, 9, 30),
    )
    EligibilityAssessment.objects.create(
        enterprise=enterprise,
        tier=tier("little-giant"),
        criteria_version=version_in_force(today),
        eligible=False,
        facts_hash="x",
        updated=timezone.now(),
    )
    client.force_login(official)

    rows = csv_rows(content_of(client.post(export_url("enterprises", "csv"))))

    assert rows[1] == [
        "913205710000000108",
        "苏州星河微电子有限公司",
        "39 Manufacture of computers, communication and other electronic equipment",
        "Suzhou Industrial Park",
        str(enterprise.size_class and enterprise.get_size_class_display()),
        "Specialized and sophisticated SME",
        "Jiangsu Provincial Department of Industry and Information Technology",  # the reference name, in English
        "2024年第二批",
        "2024-09-30",
        "2027-09-30",
        "Active",
        str(today.year - 1),
        "80000000.00",
        "3.2",  # 3.25%, rounded down as the eligibility page shows it
        "3",
        "National little giant",
        "Not eligible",
    ]


def test_an_enterprise_holding_no_title_aims_at_the_lowest_tier_and_shows_blanks_for_the_record(client, official):
    EnterpriseFactory(uscc="913205710000000212")
    client.force_login(official)

    (row,) = csv_rows(content_of(client.post(export_url("enterprises", "csv"))))[1:]

    assert row[5:11] == ["", "", "", "", "", ""]
    assert row[11:15] == ["", "", "", "0"]
    assert row[15:] == ["Park little-giant candidate pool", "Not assessed yet"]


def test_headers_and_labels_are_in_chinese_when_the_user_reads_chinese(client, official):
    holder("specialized", enterprise=EnterpriseFactory(district="320571"))
    client.force_login(official)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    csv_data = csv_rows(content_of(client.post(export_url("enterprises", "csv"))))
    xlsx_data = xlsx_rows(content_of(client.post(export_url("enterprises", "xlsx"))))

    assert csv_data[0] == CHINESE_HEADERS
    assert xlsx_data[0] == CHINESE_HEADERS
    assert csv_data[1][3] == "苏州工业园区"
    assert csv_data[1][5] == "专精特新中小企业"
    assert ExportJob.objects.filter(language="zh-hans").count() == 2


def test_of_two_held_titles_of_one_tier_the_later_grant_is_the_current_record(client, official):
    enterprise = EnterpriseFactory()
    AccreditationFactory(
        enterprise=enterprise, tier=tier("specialized"), batch="2023", granted_on=datetime.date(2023, 6, 1)
    )
    AccreditationFactory(
        enterprise=enterprise, tier=tier("specialized"), batch="2025", granted_on=datetime.date(2025, 6, 1)
    )
    client.force_login(official)

    (row,) = csv_rows(content_of(client.post(export_url("enterprises", "csv"))))[1:]

    assert (row[5], row[7], row[8]) == ("Specialized and sophisticated SME", "2025", "2025-06-01")


# --- formula injection ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_prefixed_with_a_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["苏州", "a=b", "", 5, Decimal("-3"), None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_formulas_typed_into_names_and_batches_arrive_as_text_in_both_formats(client, official):
    enterprise = EnterpriseFactory(name_zh='=HYPERLINK("http://evil.example","点击")')
    AccreditationFactory(enterprise=enterprise, tier=tier("specialized"), batch="@SUM(1+1)", authority="-2+3")
    client.force_login(official)

    (csv_row,) = csv_rows(content_of(client.post(export_url("accreditations", "csv"))))[1:]
    (xlsx_row,) = xlsx_rows(content_of(client.post(export_url("accreditations", "xlsx"))))[1:]

    for row in (csv_row, xlsx_row):
        assert row[1] == '\'=HYPERLINK("http://evil.example","点击")'
        assert row[6] == "'-2+3"
        assert row[7] == "'@SUM(1+1)"


# --- who may export, and the log ------------------------------------------------------------------------------------


def test_every_export_is_logged_with_who_the_filter_and_the_row_count(client, official):
    EnterpriseFactory.create_batch(4, district="320506")
    EnterpriseFactory(district="320571")
    client.force_login(official)

    content_of(client.post(export_url("enterprises", "xlsx", "district=320506&sort=uscc&page=2")))

    job = ExportJob.objects.get()
    assert (job.user, job.source, job.format, job.query, job.rows, job.language) == (
        official,
        "enterprises",
        "xlsx",
        "district=320506&sort=uscc",
        4,
        "en",
    )
    assert (job.state, job.in_background, bool(job.file)) == (ExportState.DONE, False, False)


@pytest.mark.parametrize("source", ["enterprises", "accreditations"])
def test_an_enterprise_user_cannot_export_and_nothing_is_logged(client, enterprise_user, source):
    AccreditationFactory()
    client.force_login(enterprise_user)

    assert client.post(export_url(source, "csv")).status_code == 404
    assert ExportJob.objects.count() == 0


def test_an_official_cannot_export_the_summary_workbook(client, official):
    client.force_login(official)

    assert client.post(export_url("summary", "xlsx")).status_code == 404


@pytest.mark.parametrize(("source", "fmt"), [("summary", "csv"), ("pool", "csv"), ("enterprises", "pdf")])
def test_an_unknown_export_is_a_404(client, administrator, source, fmt):
    client.force_login(administrator)

    assert client.post(export_url(source, fmt)).status_code == 404


def test_export_buttons_carry_the_list_query_string(client, official, enterprise_user):
    client.force_login(official)
    page = client.get(reverse("enterprises:list") + "?district=320506&sort=-uscc").content.decode()

    assert 'action="/pool/exports/enterprises/csv/?district=320506&amp;sort=-uscc"' in page
    assert 'formaction="/pool/exports/enterprises/xlsx/?district=320506&amp;sort=-uscc"' in page


# --- no query per row -------------------------------------------------------------------------------------------


def queries_of_export(client, source: str, fmt: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(export_url(source, fmt))
        content_of(response)
    return len(captured)


@pytest.mark.parametrize("source", ["enterprises", "accreditations"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_makes_as_many_queries_for_fifty_rows_as_for_one(
    client, official, source, fmt, django_assert_max_num_queries
):
    def one_more(index: int) -> None:
        enterprise = EnterpriseFactory()
        AnnualFiguresFactory(enterprise=enterprise, year=timezone.localdate().year - 1)
        IPItemFactory(enterprise=enterprise)
        AccreditationFactory(enterprise=enterprise, tier=tier(("innovative", "specialized")[index % 2]))

    one_more(0)
    client.force_login(official)
    one = queries_of_export(client, source, fmt)
    for index in range(1, 50):
        one_more(index)

    with django_assert_max_num_queries(one):
        content_of(client.post(export_url(source, fmt)))


def test_the_sector_filter_of_the_export_is_the_lists(client, official):
    EnterpriseFactory.create_batch(2)  # C39
    EnterpriseFactory(industry_code="I6510", sector=Sector.objects.get(code="65"))
    client.force_login(official)
    section_i = Sector.objects.get(code="I").pk

    rows = csv_rows(content_of(client.post(export_url("enterprises", "csv", f"sector={section_i}"))))

    assert [row[2] for row in rows[1:]] == ["65 Software and information technology services"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_current_tier_filter_of_the_export_is_the_lists_on_every_page(client, official, fmt):
    for index in range(52):  # specialized SMEs of section C, over two pages; some renewed (held twice)
        enterprise = holder("specialized", granted_on=datetime.date(2025, 1, 1) + datetime.timedelta(index))
        if index % 10 == 0:
            AccreditationFactory(enterprise=enterprise, tier=tier("specialized"), granted_on=datetime.date(2023, 1, 1))
    giant = holder("little-giant")  # also specialized: its current tier is the higher one
    AccreditationFactory(enterprise=giant, tier=tier("specialized"))
    holder("specialized", status="expired")
    holder("specialized", enterprise=EnterpriseFactory(industry_code="I6510", sector=Sector.objects.get(code="65")))
    client.force_login(official)
    query = f"current_tier=specialized&sector={Sector.objects.get(code='C').pk}&sort=-uscc"

    response = client.post(export_url("enterprises", fmt, query))

    rows = (csv_rows if fmt == "csv" else xlsx_rows)(content_of(response))
    shown = listed(client, "enterprises:list", query, "uscc")
    assert [row[0] for row in rows[1:]] == shown
    assert len(shown) == 52 and giant.uscc not in shown
    assert {row[5] for row in rows[1:]} == {"Specialized and sophisticated SME"}
    assert ExportJob.objects.get().rows == 52


def test_the_one_query_reader_of_large_lists_gives_the_rows_of_the_chunked_reader(postgres, official):
    from django.http import QueryDict

    from accreditation.reports import bulk, rows
    from accreditation.reports.lists import list_queryset

    today = timezone.localdate()
    version = version_in_force(today)
    for index in range(12):
        enterprise = EnterpriseFactory(district=("320571", "320506", "")[index % 3])
        if index % 2:
            AnnualFiguresFactory(enterprise=enterprise, year=today.year - 1)
        IPItemFactory.create_batch(index % 3, enterprise=enterprise)
        codes = (None, "park-pool", "innovative", "specialized", "little-giant", "single-champion")[index % 6]
        if codes:
            AccreditationFactory(enterprise=enterprise, tier=tier(codes))
        if index % 4 == 1:  # an older, expired record of a lower tier, and a revoked one
            AccreditationFactory(enterprise=enterprise, tier=tier("innovative"), granted_on=datetime.date(2019, 1, 1))
        next_code = ("park-pool", "innovative", "specialized", "little-giant", "single-champion", None)[index % 6]
        if next_code and index % 5:
            EligibilityAssessment.objects.create(
                enterprise=enterprise,
                tier=tier(next_code),
                criteria_version="park-v1" if next_code == "park-pool" else version,
                eligible=(True, False, None)[index % 3],
                facts_hash="x",
                updated=timezone.now(),
            )
    for source, query in (("enterprises", "sort=-uscc"), ("accreditations", "sort=tier")):
        queryset = list_queryset(source, official, QueryDict(query), day=today)
        chunked = rows.enterprise_rows if source == "enterprises" else rows.accreditation_rows
        one_query = bulk.enterprise_rows if source == "enterprises" else bulk.accreditation_rows

        expected = list(chunked(queryset, day=today, chunk_size=5))
        assert list(one_query(queryset, day=today)) == expected
        assert len(expected) == queryset.count()
