"""Imports of announced lists: the dry-run plan, the apply, re-imports, and files that must be refused."""

import datetime
import io
import zipfile

import pytest

from accreditation import list_import
from accreditation.list_import import ImportRefused, Outcome
from accreditation.models import Accreditation, AccreditationSource
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.lists import csv_bytes, miit_row, xlsx_bytes
from enterprises.models import Enterprise
from enterprises.tests.factories import EnterpriseFactory, suzhou_uscc

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)


def plan_of(data: bytes, name: str):
    return list_import.plan(list_import.read_rows(data, name), today=TODAY)


def test_the_plan_sorts_every_row_with_its_reason():
    known = EnterpriseFactory()
    holder = EnterpriseFactory()
    AccreditationFactory(enterprise=holder, tier=tier("little-giant"), granted_on=datetime.date(2025, 7, 1))
    unknown = suzhou_uscc(900_001)
    data = xlsx_bytes(
        [
            miit_row(known),
            miit_row(holder),
            miit_row(unknown, name="苏州新公司"),
            miit_row("91320571000000001X"),
            [known.uscc, known.name_zh, "gold medal", "MIIT", "", "2025-07-01", ""],
            [known.uscc, known.name_zh, "specialized", "Jiangsu", "", "2025-02-30", ""],
            [known.uscc, known.name_zh, "specialized", "Jiangsu", "", "2031-01-01", ""],
        ]
    )

    plan = plan_of(data, "miit-2025.xlsx")

    assert [row.outcome for row in plan.rows] == [
        Outcome.CREATE,
        Outcome.MATCH,
        Outcome.UNKNOWN,
        Outcome.ERROR,
        Outcome.ERROR,
        Outcome.ERROR,
        Outcome.ERROR,
    ]
    assert plan.rows[3].reasons[0].startswith("USCC: ")
    assert plan.rows[4].reasons == ["Unknown tier “gold medal”."]
    assert plan.rows[5].reasons == ["The granted date “2025-02-30” is not a date."]
    assert plan.rows[6].reasons == ["The granted date 2031-01-01 is in the future."]
    assert plan.counts == {"create": 1, "match": 1, "unknown": 1, "error": 4}


def test_applying_creates_the_records_and_a_second_import_changes_nothing(official):
    enterprises = EnterpriseFactory.create_batch(3)
    data = csv_bytes([miit_row(enterprise, number=f"N{index}") for index, enterprise in enumerate(enterprises)])

    first = list_import.apply(plan_of(data, "list.csv"), actor=official, create_stubs=False, today=TODAY)
    second_plan = plan_of(data, "list.csv")
    second = list_import.apply(second_plan, actor=official, create_stubs=False, today=TODAY)

    assert first == {"created": 3, "stubs": 0, "closed": []}
    assert second == {"created": 0, "stubs": 0, "closed": []}
    assert second_plan.counts["match"] == 3
    record = Accreditation.objects.get(enterprise=enterprises[0])
    assert (record.tier.code, record.valid_until, record.source) == (
        "little-giant",
        datetime.date(2028, 7, 1),
        AccreditationSource.IMPORT,
    )
    assert record.history.get().history_user == official


def test_unknown_enterprises_get_a_stub_profile_only_when_asked(official):
    uscc = suzhou_uscc(900_002)
    data = csv_bytes([miit_row(uscc, name="苏州未登记科技有限公司")])

    skipped = list_import.apply(plan_of(data, "list.csv"), actor=official, create_stubs=False, today=TODAY)
    created = list_import.apply(plan_of(data, "list.csv"), actor=official, create_stubs=True, today=TODAY)

    assert skipped == {"created": 0, "stubs": 0, "closed": []}
    assert created == {"created": 1, "stubs": 1, "closed": []}
    stub = Enterprise.objects.get(uscc=uscc)
    assert stub.name_zh == "苏州未登记科技有限公司"
    assert stub.accreditations.get().tier.code == "little-giant"


def test_a_row_repeated_in_the_file_is_imported_once(official):
    enterprise = EnterpriseFactory()
    data = csv_bytes([miit_row(enterprise), miit_row(enterprise)])

    plan = plan_of(data, "list.csv")
    list_import.apply(plan, actor=official, create_stubs=False, today=TODAY)

    assert [row.outcome for row in plan.rows] == [Outcome.CREATE, Outcome.MATCH]
    assert Accreditation.objects.count() == 1


def test_chinese_headers_and_tier_names_are_understood():
    enterprise = EnterpriseFactory()
    header = ["统一社会信用代码", "企业名称", "称号", "认定机构", "批次", "认定日期", "证书编号"]
    row = [enterprise.uscc, enterprise.name_zh, "专精特新“小巨人”企业", "工信部", "第七批", "2025/7/1", ""]

    plan = plan_of(xlsx_bytes([row], header=header), "名单.xlsx")

    assert [(r.outcome, r.tier.code, r.granted_on) for r in plan.rows] == [
        (Outcome.CREATE, "little-giant", datetime.date(2025, 7, 1))
    ]


def test_a_list_without_the_needed_columns_is_refused():
    with pytest.raises(ImportRefused, match="missing: tier, granted_on"):
        list_import.read_rows(csv_bytes([["x"]], header=["USCC", "Name"]), "list.csv")


# --- files that must be refused, with nothing stored ---------------------------------------------
def test_an_executable_renamed_to_xlsx_is_refused():
    with pytest.raises(ImportRefused, match="not a real Excel workbook"):
        list_import.read_rows(b"MZ\x90\x00" + b"\x00" * 200, "list.xlsx")


def test_a_binary_file_renamed_to_csv_is_refused():
    with pytest.raises(ImportRefused, match="not a CSV text file"):
        list_import.read_rows(xlsx_bytes([]), "list.csv")


def test_an_empty_file_is_refused():
    with pytest.raises(ImportRefused, match="empty"):
        list_import.read_rows(b"", "list.csv")


def test_an_oversized_file_is_refused():
    with pytest.raises(ImportRefused, match="larger than"):
        list_import.read_rows(b"a" * (list_import.MAX_BYTES + 1), "list.csv")


def test_an_unsupported_extension_is_refused():
    with pytest.raises(ImportRefused, match=r"Upload an \.xlsx or \.csv file"):
        list_import.read_rows(b"<html><script>alert(1)</script></html>", "list.html")


def test_a_zip_bomb_disguised_as_xlsx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))

    with pytest.raises(ImportRefused, match="unpacks to far more data"):
        list_import.read_rows(buffer.getvalue(), "list.xlsx")


def test_a_workbook_with_xml_entities_is_refused():
    good = xlsx_bytes([["91320571MA1MXXXX0X", "x", "little-giant", "", "", "2025-07-01", ""]])
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            content = laughs if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            archive.writestr(item, content)

    with pytest.raises(ImportRefused, match="damaged"):
        list_import.read_rows(buffer.getvalue(), "list.xlsx")


def test_a_workbook_with_a_formula_is_refused():
    data = xlsx_bytes([[suzhou_uscc(5), '=HYPERLINK("http://evil","x")', "little-giant", "", "", "2025-07-01", ""]])

    with pytest.raises(ImportRefused, match="Cell B2 holds a formula"):
        list_import.read_rows(data, "list.xlsx")


def test_a_csv_with_a_formula_is_refused():
    data = csv_bytes([[suzhou_uscc(5), "=cmd|' /C calc'!A0", "little-giant", "", "", "2025-07-01", ""]])

    with pytest.raises(ImportRefused, match="Row 2 holds a formula"):
        list_import.read_rows(data, "list.csv")


def test_the_header_row_alone_means_no_rows():
    assert list_import.read_rows(csv_bytes([]), "list.csv") == []
