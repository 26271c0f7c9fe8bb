"""Authorities are reference data named in both languages: records link to one, imports map the names lists write
to them (and name a row's unknown authority), older records are linked by their text, and the Chinese pages never
show a stored English name."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accreditation import list_import
from accreditation.models import Accreditation, Authority
from accreditation.services import accreditation_grant
from accreditation.tests.factories import AccreditationFactory, tier
from accreditation.tests.lists import csv_bytes, miit_row
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def plan_of(rows):
    return list_import.plan(list_import.read_rows(csv_bytes(rows), "list.csv"), today=TODAY)


def test_the_reference_list_names_each_authority_in_both_languages():
    names = {authority.code: (authority.name_en, authority.name_zh) for authority in Authority.objects.all()}
    assert names["miit"][1] == "工业和信息化部"
    assert names["jiangsu-diit"][1] == "江苏省工业和信息化厅"
    assert names["suzhou-biit"][1] == "苏州市工业和信息化局"
    assert names["sip"][1] == "苏州工业园区管理委员会"


@pytest.mark.parametrize(
    ("written", "code"),
    [("Jiangsu MIIT", "jiangsu-diit"), ("江苏省工业和信息化厅", "jiangsu-diit"), ("  miit ", "miit"), ("", "miit")],
)
def test_an_import_maps_the_written_authority_to_the_reference(written, code):
    enterprise = EnterpriseFactory()
    row = miit_row(enterprise)
    row[3] = written  # an empty cell takes the tier's own authority (MIIT for little giants)
    plan = plan_of([row])
    assert plan.rows[0].reasons == []
    list_import.apply(plan, actor=_official(), create_stubs=False, today=TODAY)
    assert Accreditation.objects.get(enterprise=enterprise).granting_authority.code == code


def test_an_unknown_authority_is_named_on_its_row():
    row = miit_row(EnterpriseFactory())
    row[3] = "Mars Bureau of Industry"
    [planned] = plan_of([row]).rows
    assert planned.outcome == list_import.Outcome.ERROR
    [reason] = planned.reasons
    assert reason.startswith("Unknown authority “Mars Bureau of Industry”: write one of ")
    assert "Ministry of Industry and Information Technology (MIIT)" in reason


def test_a_grant_without_an_authority_takes_the_tiers():
    record = accreditation_grant(
        actor=_official(), enterprise=EnterpriseFactory(), tier=tier("specialized"), granted_on=TODAY
    )
    assert record.granting_authority.code == "jiangsu-diit"


def test_the_migration_links_older_records_by_their_text():
    linked = AccreditationFactory(authority="Jiangsu MIIT")
    unknown = AccreditationFactory(authority="Some committee")
    Accreditation.objects.update(granting_authority=None)
    migration = importlib.import_module("accreditation.migrations.0014_uploads_authorities")
    migration.load_and_link(apps, None)
    linked.refresh_from_db()
    unknown.refresh_from_db()
    assert linked.granting_authority.code == "jiangsu-diit"
    assert unknown.granting_authority is None and unknown.authority_name == "Some committee"


def test_the_chinese_page_shows_the_chinese_name(client):
    official = _official()
    record = AccreditationFactory(authority="Jiangsu Department of Industry and Information Technology")
    record.granting_authority = Authority.objects.get(code="jiangsu-diit")
    record.save()
    client.force_login(official)
    page = client.get(reverse("accreditation:detail", kwargs={"pk": record.pk}), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "江苏省工业和信息化厅" in html
    assert "Jiangsu" not in html.split("<main", 1)[1].split("批次", 1)[0]


def _official():
    from portal.core.roles import Role
    from portal.tests.factories import UserFactory

    user = UserFactory()
    user.add_role(Role.OFFICIAL)
    return user


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, "Jiangsu Provincial Department of Industry and Information Technology"), (ZH, "江苏省工业和信息化厅")],
)
def test_an_export_names_the_authority_in_its_language(client, headers, expected):
    from accreditation.tests.test_exports import content_of, csv_rows, export_url

    AccreditationFactory(authority="Jiangsu MIIT")
    client.force_login(_official())
    rows = csv_rows(content_of(client.post(export_url("accreditations", "csv"), **headers)))
    assert rows[1][6] == expected
