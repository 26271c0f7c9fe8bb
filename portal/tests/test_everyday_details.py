"""Details a user meets every day: titles listed as titles, an inbox that does not ask a signed-in reader to sign
in, yes/no filters that read "Any" in both languages, Django's own password rules in Chinese, the favicon, tables
that fit a phone, one R&D intensity everywhere and workbook sheets named in full."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accreditation.criteria.facts import Facts, Profile, Window, YearFigures
from accreditation.models import Authority
from accreditation.reports.rows import rd_intensity
from accreditation.tests.applications import Journey
from accreditation.tests.factories import AccreditationFactory, tier
from enterprises.models import MembershipStatus
from enterprises.tests.factories import EnterpriseFactory, MembershipFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_my_titles_lists_each_title_with_its_authority_and_dates(client, enterprise_user):
    enterprise = EnterpriseFactory()
    MembershipFactory(user=enterprise_user, enterprise=enterprise, status=MembershipStatus.VERIFIED)
    AccreditationFactory(
        enterprise=enterprise,
        tier=tier("specialized"),
        granting_authority=Authority.objects.get(code="jiangsu-diit"),
        granted_on=datetime.date(2024, 6, 1),
    )
    client.force_login(enterprise_user)
    english = client.get(reverse("accreditation:mine")).content.decode()
    assert "Specialized and sophisticated SME" in english
    assert "Jiangsu Provincial Department of Industry and Information Technology" in english
    assert "2024-06-01" in english and "2027-06-01" in english
    chinese = client.get(reverse("accreditation:mine"), **ZH).content.decode()
    assert "专精特新中小企业" in chinese and "江苏省工业和信息化厅" in chinese
    assert "Jiangsu Provincial" not in chinese


def test_the_inbox_does_not_ask_a_signed_in_reader_to_sign_in_but_the_email_does(
    client, django_capture_on_commit_callbacks
):
    journey = Journey()
    journey.upload_required()
    with django_capture_on_commit_callbacks(execute=True):
        journey.submit()
    client.force_login(journey.applicant)
    page = client.get(reverse("notices:inbox")).content.decode()
    assert journey.application.number in page
    assert "Sign in to the portal" not in page
    assert any("Sign in to the portal to see the application." in message.body for message in mail.outbox)


@pytest.mark.parametrize(("headers", "words"), [({}, ("Any", "Yes", "No")), (ZH, ("不限", "是", "否"))])
def test_yes_no_filters_read_any_yes_no_in_the_users_language(client, official, headers, words):
    client.force_login(official)
    page = client.get(reverse("enterprises:list"), **headers).content.decode()
    select = page.split('name="verified"', 1)[1].split("</select>", 1)[0]
    assert [f">{word}</option>" in select for word in words] == [True, True, True]
    assert "Unknown" not in select and "未知" not in select


def test_djangos_password_rules_read_in_chinese_on_registration(client):
    data = {
        "email": "zhou.min@example.com",
        "full_name": "Zhou Min",
        "phone": "+86 512 6288 1234",
        "password1": "short-pass",
        "password2": "short-pass",
    }
    response = client.post(reverse("register"), data, **ZH)
    errors = str(response.context["form"].errors["password2"])
    assert "密码长度太短" in errors and "12" in errors
    assert "too short" not in errors


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page


def test_a_pool_table_scrolls_inside_itself_on_a_phone(client, official):
    AccreditationFactory()
    client.force_login(official)
    page = client.get(reverse("accreditation:list")).content.decode()
    assert 'class="table-container table-responsive"' in page


@pytest.mark.parametrize(
    ("rd_expense", "revenue", "shown"), [(796, 10_000, "7.9"), (3, 100, "3.0"), (2996, 100_000, "2.9")]
)
def test_rd_intensity_reads_the_same_in_the_export_as_on_the_eligibility_page(rd_expense, revenue, shown):
    window = Window(
        Facts(Profile(), (YearFigures(year=2025, revenue=Decimal(revenue), rd_expense=Decimal(rd_expense)),)),
        2026,
    )
    assert f"{window.rdi0_shown:.1f}" == shown
    assert rd_intensity(Decimal(rd_expense), Decimal(revenue)) == Decimal(shown)
